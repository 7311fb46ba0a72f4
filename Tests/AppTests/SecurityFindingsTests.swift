import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Findings 4–12 of the outside security test, each as a person or an attacker would notice it.
@Suite("Findings of the outside security test")
struct SecurityFindingsTests {
    @Test("Editors and translators see the admin home without audit events (what was typed into the email box stays hidden)")
    func adminHomeHidesEventsFromNonReaders() async throws {
        try await withApp { browser, database, _ in
            try await database.withOperator { admin in
                try await admin.createUser(
                    slug: "acme",
                    email: "editor@acme.test",
                    name: "Eddie Editor",
                    role: .editor,
                    password: TwoTenants.password
                )
                try await admin.createUser(
                    slug: "acme",
                    email: "translator@acme.test",
                    name: "Tia Translator",
                    role: .translator,
                    password: TwoTenants.password
                )
            }
            try await Browser(browser.client).signIn("acme", email: "hunter2-typed-into-email", password: "wrong password here")
            for email in ["editor@acme.test", "translator@acme.test"] {
                let person = Browser(browser.client)
                try await person.signIn("acme", email: email)
                let home = try await person.get("/t/acme/admin")
                #expect(home.status == .ok)
                #expect(!home.text.contains("hunter2-typed-into-email"), "\(email)")
                #expect(!home.text.contains("Recent activity"), "\(email)")
            }
            try await browser.signIn("acme", email: "owner@acme.test")
            #expect(try await browser.get("/t/acme/admin").text.contains("hunter2-typed-into-email"), "the owner may read the log")
        }
    }

    @Test("An admin cannot end an owner's session; the owner can")
    func adminCannotEndOwnersSession() async throws {
        try await withApp { browser, database, tenants in
            try await database.withOperator {
                try await $0.createUser(
                    slug: "acme",
                    email: "admin@acme.test",
                    name: "Ada Admin",
                    role: .admin,
                    password: TwoTenants.password
                )
            }
            try await browser.signIn("acme", email: "owner@acme.test")
            let ownerSession = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'owner@acme.test'"
            )[0][0]!
            let admin = Browser(browser.client)
            try await admin.signIn("acme", email: "admin@acme.test")
            let page = try await admin.get("/t/acme/admin/sessions")
            #expect(!page.text.contains("\(ownerSession)/end"), "no End button for an owner's session")
            let token = try #require(Browser.csrf(in: page.text))
            let refused = try await admin.post("/t/acme/admin/sessions/\(ownerSession)/end", form: ["_csrf": token])
            #expect(refused.status == .forbidden)
            #expect(try await browser.get("/t/acme/admin").status == .ok, "the owner is still signed in")
            let denied = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT actor_email FROM audit_events WHERE action = 'security.access_denied'"
            )
            #expect(denied == [["admin@acme.test"]])
        }
    }

    @Test("Malformed forms and queries are 400 pages, never 500, and no NUL reaches PostgreSQL")
    func malformedInputIs400() async throws {
        try await withApp { browser, _, _ in
            let token = try await browser.csrfToken(from: "/t/acme/login")
            for email in ["email=%ZZ", "email=a&email=b", "email[]=x", "email=a%00b", "email=%C3%28"] {
                let response = try await browser.postRaw("/t/acme/login", body: "_csrf=\(Browser.encode(token))&\(email)&password=whatever-at-all")
                #expect(response.status == .badRequest, "\(email)")
                #expect(response.text.contains("could not be understood"), "\(email)")
            }
            try await browser.signIn("acme", email: "owner@acme.test")
            for path in ["/t/acme/admin/audit?actor=%00", "/t/acme/admin/people?after=%00", "/t/acme/admin/audit?actor=%ZZ"] {
                let response = try await browser.get(path)
                #expect(response.status == .badRequest, "\(path)")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    @Test("Signing in with a stale session cookie in the browser signs in")
    func staleCookieDoesNotUndoSignIn() async throws {
        try await withApp { browser, _, _ in
            browser.setCookie("coach_session", SecureRandom.token())
            let response = try await browser.signIn("acme", email: "owner@acme.test")
            #expect(response.location == "/t/acme/admin")
            #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("coach_session=;") || $0.hasPrefix("coach_session=\"\"") })
            #expect(response.headers[.cacheControl] == "no-store", "an authenticated redirect is never cached")
            #expect(try await browser.get("/t/acme/admin").status == .ok)
        }
    }

    @Test("A candidate with a stale step-up gets 403 for an admin action, and it is audited")
    func authorisationBeforeStepUp() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            let ownerID = try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'owner@acme.test'")[0][0]!
            try await browser.signIn("acme", email: "candidate@acme.test")
            clock.advance(minutes: 11)
            let token = try await browser.csrfToken(from: "/t/acme/account/security")
            let response = try await browser.post("/t/acme/admin/people/\(ownerID)/reset-2fa", form: ["_csrf": token])
            #expect(response.status == .forbidden)
            let denied = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT actor_email, details->>'path' FROM audit_events WHERE action = 'security.access_denied'"
            )
            #expect(denied == [["candidate@acme.test", "/t/acme/admin/people/\(ownerID)/reset-2fa"]])
        }
    }

    @Test("Probing another tenant is a 404 recorded in the prober's own log, once a minute, never in the other tenant's")
    func crossTenantProbesAreRecorded() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "candidate@acme.test")
            for path in ["/t/globex/", "/t/globex/admin/people", "/t/globex/account/security"] {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
            let probes = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT actor_email, details->>'path' FROM audit_events WHERE action = 'security.not_found'"
            )
            #expect(probes == [["candidate@acme.test", "/t/globex/"]], "one event for the burst")
            #expect(try database.ownerQuery(tenant: tenants.globexID, "SELECT count(*) FROM audit_events WHERE action LIKE 'security.%'") == [["0"]])
            // An acme URL with a globex id: 404 as well, and recorded.
            let globexOwner = try database.ownerQuery(tenant: tenants.globexID, "SELECT id FROM users WHERE email = 'owner@globex.test'")[0][0]!
            let owner = Browser(browser.client)
            try await owner.signIn("acme", email: "owner@acme.test")
            let token = try await owner.csrfToken(from: "/t/acme/admin/people")
            #expect(try await owner.post("/t/acme/admin/people/\(globexOwner)/unlock", form: ["_csrf": token]).status == .notFound)
            let idProbe = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT details->>'kind' FROM audit_events WHERE action = 'security.not_found' AND actor_email = 'owner@acme.test'"
            )
            #expect(idProbe == [["unknown id"]])
        }
    }

    @Test("Static files under a name with a NUL or control byte are 400, not served as another type")
    func controlBytesInPaths() async throws {
        try await withApp { browser, _, _ in
            #expect(try await browser.get("/js/app.js").status == .ok)
            for path in ["/js/app.js%00.html", "/css/app.css%0d%0a.html", "/t/acme/login%00"] {
                let response = try await browser.get(path)
                #expect(response.status == .badRequest, "\(path)")
                #expect(response.headers[.contentType]?.hasPrefix("text/html; charset=utf-8") == true || response.status != .ok)
            }
        }
    }

    @Test("Behind a proxy, an X-Forwarded-For that is not a plain address is ignored, not a 500")
    func forwardedForIsParsed() async throws {
        try await withApp(configure: trustingProxy) { browser, database, tenants in
            for value in ["fe80::1%lo", "1.2.3.4:80", "not-an-ip", "999.1.1.1"] {
                var headers = HTTPFields()
                headers[HTTPField.Name("X-Forwarded-For")!] = value
                let token = try await browser.csrfToken(from: "/t/acme/login")
                let response = try await browser.post(
                    "/t/acme/login",
                    form: ["_csrf": token, "email": "owner@acme.test", "password": "wrong password here"],
                    headers: headers
                )
                #expect(response.status == .unprocessableContent, "\(value)")
            }
            #expect(IPAddress.canonical("2001:DB8::1") == "2001:db8::1")
            #expect(IPAddress.canonical("203.0.113.9") == "203.0.113.9")
            let stored = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM sign_in_attempts WHERE ip IS NOT NULL")
            #expect(stored == [["0"]], "the invalid values were ignored, not stored")
        }
    }

    @Test("Audit filters match values with spaces, sent by the GET form as +")
    func queryPlusIsSpace() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let page = try await browser.get("/t/acme/admin/audit?target=seq+1&actor=Olivia+Owner")
            #expect(page.status == .ok)
            #expect(page.text.contains("value=\"seq 1\""))
            #expect(page.text.contains("value=\"Olivia Owner\""))
        }
    }

    @Test("An Origin with the wrong scheme is refused")
    func originSchemeIsCompared() async throws {
        try await withApp { browser, _, _ in
            let token = try await browser.csrfToken(from: "/t/acme/login")
            var headers = HTTPFields()
            headers[.origin] = "https://localhost"
            let response = try await browser.post(
                "/t/acme/login",
                form: ["_csrf": token, "email": "owner@acme.test", "password": TwoTenants.password],
                headers: headers
            )
            #expect(response.status == .forbidden)
        }
    }
}
