import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Signing in and out over HTTP")
struct SignInTests {
    @Test("The owner signs in, gets a hardened session cookie and sees the admin home")
    func ownerSignsIn() async throws {
        try await withApp { browser, _, _ in
            let page = try await browser.get("/t/acme/login")
            #expect(page.status == .ok)
            #expect(page.text.contains("Sign in to Acme Corporation"))

            let response = try await browser.signIn("acme", email: "owner@acme.test")
            #expect(response.status == .seeOther)
            #expect(response.location == "/t/acme/admin")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("coach_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            // The token is 256 bits of base64url.
            let token = String(cookie.dropFirst("coach_session=".count).prefix { $0 != ";" })
            #expect(Base64URL.decode(token)?.count == 32)

            let admin = try await browser.get("/t/acme/admin")
            #expect(admin.status == .ok)
            #expect(admin.text.contains("Acme Corporation administration"))
            #expect(admin.text.contains("Olivia Owner"))
            #expect(admin.text.contains("auth.sign_in"))
            #expect(admin.text.contains("<p class=\"figure\">Team</p>"))
            #expect(admin.text.contains("<p class=\"figure\">1 <span class=\"muted\">of 50</span></p>"), "staff seats used of the plan's limit")
            #expect(admin.text.contains("<p class=\"figure\">1 <span class=\"muted\">of 500</span></p>"), "candidates of the plan's limit")
            #expect(admin.text.contains("<tr><td>Candidate</td><td class=\"num\">1</td></tr>"))
            #expect(admin.text.contains("<tr><td>Admin</td><td class=\"num\">0</td></tr>"))
        }
    }

    @Test("Only the token's SHA-256 is stored, never the token")
    func tokenIsStoredHashed() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let token = try #require(browser.cookies["coach_session"])
            let stored = try database.ownerQuery(tenant: tenants.acmeID, "SELECT encode(token_hash, 'hex') FROM sessions WHERE revoked_at IS NULL")
            #expect(stored == [[TokenHash.of(token).hexString]])
        }
    }

    @Test("Unknown email and wrong password get the same answer, and neither signs in")
    func failuresLookAlike() async throws {
        try await withApp { browser, database, tenants in
            let wrongPassword = try await browser.signIn("acme", email: "owner@acme.test", password: "not the password at all")
            let unknownEmail = try await browser.signIn("acme", email: "nobody@acme.test", password: "not the password at all")
            #expect(wrongPassword.status == .unprocessableContent)
            #expect(wrongPassword.status == unknownEmail.status)
            let message = "That email and password combination is not valid"
            #expect(wrongPassword.text.contains(message))
            #expect(unknownEmail.text.contains(message))
            #expect(browser.cookies["coach_session"] == nil)
            // What was typed is kept so the person can correct it.
            #expect(unknownEmail.text.contains("value=\"nobody@acme.test\""))
            let failures = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT details->>'reason' FROM audit_events WHERE action = 'auth.sign_in_failed' ORDER BY pos"
            )
            #expect(failures == [["wrong_password"], ["unknown_email"]])
            let unauthenticated = try await browser.get("/t/acme/admin")
            #expect(unauthenticated.status == .seeOther)
            #expect(unauthenticated.location == "/t/acme/login")
        }
    }

    @Test("Another tenant's user cannot sign in here")
    func emailOfOtherTenant() async throws {
        try await withApp { browser, _, _ in
            let response = try await browser.signIn("acme", email: "owner@globex.test")
            #expect(response.status == .unprocessableContent)
            #expect(browser.cookies["coach_session"] == nil)
        }
    }

    @Test("Repeated wrong passwords lock the account, with the same message")
    func lockout() async throws {
        try await withApp { browser, _, _ in
            for _ in 0..<5 { try await browser.signIn("acme", email: "owner@acme.test", password: "wrong password 123") }
            let locked = try await browser.signIn("acme", email: "owner@acme.test")
            #expect(locked.status == .unprocessableContent)
            #expect(locked.text.contains("That email and password combination is not valid"))
            #expect(browser.cookies["coach_session"] == nil)
        }
    }

    @Test("A candidate lands on the practice page and is refused the admin portal")
    func candidateRole() async throws {
        try await withApp { browser, _, _ in
            let response = try await browser.signIn("acme", email: "candidate@acme.test")
            #expect(response.location == "/t/acme/")
            let home = try await browser.get("/t/acme/")
            #expect(home.status == .ok)
            #expect(home.text.contains("Welcome, Casey"))
            #expect(home.text.contains("You have not practised yet"))
            let admin = try await browser.get("/t/acme/admin")
            #expect(admin.status == .forbidden)
            #expect(admin.text.contains("The admin portal is for your company"))
        }
    }

    @Test("Signing out ends the session on the server")
    func signOut() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let stolen = try #require(browser.cookies["coach_session"])
            let token = try await browser.csrfToken(from: "/t/acme/admin")
            let response = try await browser.post("/t/acme/logout", form: ["_csrf": token])
            #expect(response.status == .seeOther)
            #expect(response.location == "/t/acme/login?signed_out=1")
            #expect(browser.cookies["coach_session"] == nil)
            // Replaying the old cookie no longer works.
            browser.setCookie("coach_session", stolen)
            let replay = try await browser.get("/t/acme/admin")
            #expect(replay.status == .seeOther)
            #expect(replay.location == "/t/acme/login")
        }
    }

    @Test("A session cookie planted before sign-in is not the one used after it")
    func sessionFixation() async throws {
        try await withApp { browser, _, _ in
            let planted = SecureRandom.token()
            browser.setCookie("coach_session", planted)
            try await browser.signIn("acme", email: "owner@acme.test")
            #expect(browser.cookies["coach_session"] != planted)
            browser.setCookie("coach_session", planted)
            let response = try await browser.get("/t/acme/admin")
            #expect(response.status == .seeOther)
        }
    }

    @Test("Sessions expire after the idle timeout and after the absolute lifetime")
    func expiry() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            clock.advance(minutes: 29)
            #expect(try await browser.get("/t/acme/admin").status == .ok)
            clock.advance(minutes: 29)
            #expect(try await browser.get("/t/acme/admin").status == .ok, "activity slides the idle timeout")
            clock.advance(minutes: 31)
            let idle = try await browser.get("/t/acme/admin")
            #expect(idle.status == .seeOther)

            try await browser.signIn("acme", email: "owner@acme.test")
            for _ in 0..<30 {
                clock.advance(minutes: 25)
                _ = try await browser.get("/t/acme/admin")
            }
            // 12.5 hours of activity: past the 12-hour absolute lifetime.
            #expect(try await browser.get("/t/acme/admin").status == .seeOther)
        }
    }

    @Test("The session check applies the tenant's own idle timeout, read with the tenant")
    func tenantsOwnIdleTimeout() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            try database.ownerQuery(tenant: tenants.acmeID, "UPDATE tenants SET session_idle_minutes = 5 WHERE id = $1", [tenants.acmeID])
            try await browser.signIn("acme", email: "owner@acme.test")
            clock.advance(minutes: 4)
            #expect(try await browser.get("/t/acme/admin").status == .ok)
            clock.advance(minutes: 6)
            #expect(try await browser.get("/t/acme/admin").status == .seeOther, "6 idle minutes are past acme's 5, not the default 30")
        }
    }

    @Test("A suspended tenant cannot sign in and its sessions end at once")
    func suspendedTenant() async throws {
        try await withApp { browser, database, _ in
            try await browser.signIn("globex", email: "owner@globex.test")
            #expect(try await browser.get("/t/globex/admin").status == .ok)
            try await database.withOperator { try await $0.suspend(slug: "globex", reason: "contract ended") }
            let after = try await browser.get("/t/globex/admin")
            #expect(after.status == .seeOther)
            let attempt = try await browser.signIn("globex", email: "owner@globex.test")
            #expect(attempt.status == .forbidden)
            #expect(attempt.text.contains("suspended"))
            #expect(browser.cookies["coach_session"] == nil)
        }
    }
}
