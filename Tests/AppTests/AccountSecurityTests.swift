import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Passwords, sessions, policy and brute force")
struct AccountSecurityTests {
    static func policy() throws -> PasswordPolicy { try PasswordPolicy.load(path: TestCluster.fromEnvironment().commonPasswordsPath) }

    @Test("Length boundaries count code points: 11 and 129 fail, 12 and 128 pass, emoji count once each")
    func lengths() throws {
        let policy = try Self.policy()
        let check = { (password: String) in policy.problems(password, email: "olivia@acme.test", name: "Olivia Owner") }
        #expect(check(String(repeating: "k", count: 11)).first?.contains("at least 12 characters (this one has 11)") == true)
        #expect(check(String(repeating: "k", count: 12)) == [])
        #expect(check(String(repeating: "k", count: 128)) == [])
        #expect(check(String(repeating: "k", count: 129)).first?.contains("at most 128 characters") == true)
        #expect(check(String(repeating: "🔐", count: 12)) == [])
        #expect(check(String(repeating: "🔐", count: 11)).count == 1)
        #expect(check("correct horse battery staple ✓") == [], "spaces and any Unicode are fine")
    }

    @Test("Common passwords and passwords containing the email or name are refused with the reason")
    func contentRules() throws {
        let policy = try Self.policy()
        #expect(
            policy.problems("1qaz2wsx3edc", email: "a@b.test", name: "A B") == [
                "This password is on a list of commonly used passwords that attackers try first. Choose another."
            ]
        )
        #expect(policy.problems("1QAZ2WSX3EDC", email: "a@b.test", name: "A B").count == 1, "case does not matter")
        #expect(
            policy.problems("my olivia@acme.test pass", email: "olivia@acme.test", name: "X Y") == ["Do not use your email address in your password."]
        )
        #expect(policy.problems("long ownerpassword here", email: "x@acme.test", name: "Olivia Owner") == ["Do not use your name in your password."])
    }

    @Test("Changing the password needs the current one, can end other sessions, and the old one stops working")
    func changePassword() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            // A second device.
            let other = Browser(browser.client)
            try await other.signIn("acme", email: "owner@acme.test")
            #expect(try await other.get("/t/acme/admin").status == .ok)

            let token = try await browser.csrfToken(from: "/t/acme/account/password")
            let wrongCurrent = try await browser.post(
                "/t/acme/account/password",
                form: ["_csrf": token, "current": "nope", "new": "a brand new passphrase", "confirm": "a brand new passphrase"]
            )
            #expect(wrongCurrent.status == .unprocessableContent)
            #expect(wrongCurrent.text.contains("Your current password is not right."))
            let short = try await browser.post(
                "/t/acme/account/password",
                form: ["_csrf": token, "current": TwoTenants.password, "new": "short", "confirm": "shorter"]
            )
            #expect(short.text.contains("Use at least 12 characters"))
            #expect(short.text.contains("The two new passwords do not match."))
            let changed = try await browser.post(
                "/t/acme/account/password",
                form: [
                    "_csrf": token, "current": TwoTenants.password, "new": "a brand new passphrase", "confirm": "a brand new passphrase",
                    "end_others": "on",
                ]
            )
            #expect(changed.location == "/t/acme/account/security?password_changed=1")
            #expect(try await browser.get("/t/acme/admin").status == .ok, "this session continues")
            #expect(try await other.get("/t/acme/admin").status == .seeOther, "the other session ended")

            let fresh = Browser(browser.client)
            #expect(try await fresh.signIn("acme", email: "owner@acme.test").status == .unprocessableContent)
            #expect(try await fresh.signIn("acme", email: "owner@acme.test", password: "a brand new passphrase").status == .seeOther)
            let event = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT details->>'other_sessions_ended' FROM audit_events WHERE action = 'auth.password_changed'"
            )
            #expect(event == [["1"]])
        }
    }

    @Test("Your sessions: the current one is marked, another can be ended, and that takes effect on its next request")
    func ownSessions() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let laptop = Browser(browser.client)
            try await laptop.signIn("acme", email: "owner@acme.test", password: TwoTenants.password)
            let page = try await browser.get("/t/acme/account/sessions")
            #expect(page.text.contains("This device"))
            let endForm = try #require(
                page.text.range(of: "action=\"/t/acme/account/sessions/").map { range in
                    "/t/acme/account/sessions/" + String(page.text[range.upperBound...].prefix { $0 != "\"" })
                }
            )
            let ended = try await browser.post(endForm, form: ["_csrf": try #require(Browser.csrf(in: page.text))])
            #expect(ended.status == .seeOther)
            #expect(try await laptop.get("/t/acme/admin").status == .seeOther)
            #expect(try await browser.get("/t/acme/admin").status == .ok)
        }
    }

    @Test("Admins see every session and end any in their tenant, but another tenant's session is 404")
    func adminSessions() async throws {
        try await withApp { browser, database, tenants in
            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            let spy = Browser(browser.client)
            try await spy.signIn("globex", email: "owner@globex.test")
            let globexSession = try database.ownerQuery(tenant: tenants.globexID, "SELECT id FROM sessions WHERE revoked_at IS NULL")[0][0]!

            try await browser.signIn("acme", email: "owner@acme.test")
            let page = try await browser.get("/t/acme/admin/sessions")
            #expect(page.text.contains("Casey Candidate (candidate@acme.test)"))
            #expect(!page.text.contains("globex"))
            let token = try #require(Browser.csrf(in: page.text))
            let foreign = try await browser.post("/t/acme/admin/sessions/\(globexSession)/end", form: ["_csrf": token])
            #expect(foreign.status == .notFound)
            #expect(try await spy.get("/t/globex/admin").status == .ok, "the other tenant's session survives")

            let candidateSession = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'candidate@acme.test' AND s.revoked_at IS NULL"
            )[0][0]!
            #expect(try await browser.post("/t/acme/admin/sessions/\(candidateSession)/end", form: ["_csrf": token]).status == .seeOther)
            #expect(try await candidate.get("/t/acme/").status == .seeOther)
            #expect(try await candidate.get("/t/acme/admin/sessions").status == .seeOther)
        }
    }

    @Test("Candidates cannot reach the people, sessions or policy pages")
    func candidateRefused() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "candidate@acme.test")
            for path in ["/t/acme/admin/people", "/t/acme/admin/sessions", "/t/acme/admin/security"] {
                #expect(try await browser.get(path).status == .forbidden, "\(path)")
            }
        }
    }

    @Test("Deactivating a user ends their sessions at once; they cannot sign in until reactivated")
    func deactivate() async throws {
        try await withApp { browser, database, tenants in
            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            try await browser.signIn("acme", email: "owner@acme.test")
            let id = try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'candidate@acme.test'")[0][0]!
            let token = try await browser.csrfToken(from: "/t/acme/admin/people")
            #expect(
                try await browser.post("/t/acme/admin/people/\(id)/deactivate", form: ["_csrf": token]).location
                    == "/t/acme/admin/people?deactivated=1"
            )
            #expect(try await candidate.get("/t/acme/").status == .seeOther)
            #expect(try await candidate.signIn("acme", email: "candidate@acme.test").status == .unprocessableContent)
            #expect(try await browser.post("/t/acme/admin/people/\(id)/reactivate", form: ["_csrf": token]).status == .seeOther)
            #expect(try await candidate.signIn("acme", email: "candidate@acme.test").status == .seeOther)
            // Ids from another tenant are not found.
            let foreign = try database.ownerQuery(tenant: tenants.globexID, "SELECT id FROM users LIMIT 1")[0][0]!
            #expect(try await browser.post("/t/acme/admin/people/\(foreign)/deactivate", form: ["_csrf": token]).status == .notFound)
            // Nobody deactivates themselves.
            let me = try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'owner@acme.test'")[0][0]!
            #expect(try await browser.post("/t/acme/admin/people/\(me)/deactivate", form: ["_csrf": token]).status == .forbidden)
        }
    }

    @Test("An admin unlocks a locked account")
    func unlock() async throws {
        try await withApp { browser, database, tenants in
            let candidate = Browser(browser.client)
            for _ in 0..<5 { try await candidate.signIn("acme", email: "candidate@acme.test", password: "wrong wrong wrong") }
            #expect(try await candidate.signIn("acme", email: "candidate@acme.test").status == .unprocessableContent)
            try await browser.signIn("acme", email: "owner@acme.test")
            let people = try await browser.get("/t/acme/admin/people")
            #expect(people.text.contains("locked"))
            let id = try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'candidate@acme.test'")[0][0]!
            #expect(try await browser.post("/t/acme/admin/people/\(id)/unlock", form: ["_csrf": Browser.csrf(in: people.text)!]).status == .seeOther)
            #expect(try await candidate.signIn("acme", email: "candidate@acme.test").status == .seeOther)
            // The candidate sees the failures on their own page.
            let own = try await candidate.get("/t/acme/account/security")
            #expect(own.text.contains("Wrong password"))
            #expect(own.text.contains("Account was locked"))
        }
    }

    @Test("Locks grow longer each time")
    func lockGrowth() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            for _ in 0..<5 { try await browser.signIn("acme", email: "candidate@acme.test", password: "wrong wrong wrong") }
            clock.advance(minutes: 16)
            for _ in 0..<5 { try await browser.signIn("acme", email: "candidate@acme.test", password: "wrong wrong wrong") }
            clock.advance(minutes: 16)
            #expect(
                try await browser.signIn("acme", email: "candidate@acme.test").status == .unprocessableContent,
                "the second lock lasts 30 minutes"
            )
            clock.advance(minutes: 15)
            #expect(try await browser.signIn("acme", email: "candidate@acme.test").status == .seeOther)
            _ = database
            _ = tenants
        }
    }
}

@Suite("A stolen session cannot guess the password")
struct InSessionGuessingTests {
    @Test("Wrong passwords on the confirm and change-password forms lock the account and end the session")
    func guessingLocks() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "candidate@acme.test")
            let token = try await browser.csrfToken(from: "/t/acme/account/security")
            for guess in 0..<4 {
                let wrong = try await browser.post(
                    "/t/acme/account/confirm",
                    form: ["_csrf": token, "secret": "guess \(guess) guess", "next": "/t/acme/account/security"]
                )
                #expect(wrong.status == .unprocessableContent)
            }
            let fifth = try await browser.post(
                "/t/acme/account/password",
                form: ["_csrf": token, "current": "guess 5 guess", "new": "another long password", "confirm": "another long password"]
            )
            #expect(fifth.location == "/t/acme/login")
            #expect(try await browser.get("/t/acme/").status == .seeOther, "the session ended")
            #expect(try await browser.signIn("acme", email: "candidate@acme.test").status == .unprocessableContent, "the account is locked")
            let locked = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM audit_events WHERE action = 'auth.account_locked'")
            #expect(locked == [["1"]])
        }
    }
}
