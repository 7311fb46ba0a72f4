import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

@Suite("Tenant guard, CSRF, headers and error pages")
struct TenantGuardTests {
    @Test("A cookie for acme used on globex gets 404, on every globex page")
    func crossTenantCookie() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            for path in ["/t/globex/admin", "/t/globex/", "/t/globex/login"] {
                let response = try await browser.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(!response.text.contains("Globex"), "\(path) must not reveal the other tenant")
            }
            #expect(try await browser.get("/t/acme/admin").status == .ok)
        }
    }

    @Test("An unknown tenant is a plain 404 page")
    func unknownTenant() async throws {
        try await withApp { browser, _, _ in
            let response = try await browser.get("/t/initech/login")
            #expect(response.status == .notFound)
            #expect(response.text.contains("Page not found"))
            #expect(try await browser.get("/t/Not_A_Slug!/login").status == .notFound)
        }
    }

    @Test("A form post without a CSRF token is refused with 403 and changes nothing")
    func missingCSRF() async throws {
        try await withApp { browser, _, _ in
            _ = try await browser.get("/t/acme/login")
            let login = try await browser.post("/t/acme/login", form: ["email": "owner@acme.test", "password": TwoTenants.password])
            #expect(login.status == .forbidden)
            #expect(browser.cookies["coach_session"] == nil)

            try await browser.signIn("acme", email: "owner@acme.test")
            let forged = try await browser.post("/t/acme/logout", form: ["_csrf": "forged-token"])
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("This form has expired"))
            #expect(try await browser.get("/t/acme/admin").status == .ok, "the session survives a forged sign-out")
        }
    }

    @Test("The pre-sign-in token does not work once signed in")
    func tokenBoundToSession() async throws {
        try await withApp { browser, _, _ in
            let anonymous = try await browser.csrfToken(from: "/t/acme/login")
            try await browser.signIn("acme", email: "owner@acme.test")
            let response = try await browser.post("/t/acme/logout", form: ["_csrf": anonymous])
            #expect(response.status == .forbidden)
        }
    }

    @Test("A post from another origin is refused even with a valid token")
    func crossOrigin() async throws {
        try await withApp { browser, _, _ in
            let token = try await browser.csrfToken(from: "/t/acme/login")
            // The in-process client sends requests for http://localhost.
            var headers = HTTPFields()
            headers[.origin] = "https://evil.example"
            let response = try await browser.post(
                "/t/acme/login",
                form: ["_csrf": token, "email": "owner@acme.test", "password": TwoTenants.password],
                headers: headers
            )
            #expect(response.status == .forbidden)
            headers[.origin] = "http://localhost"
            let same = try await browser.post(
                "/t/acme/login",
                form: ["_csrf": token, "email": "owner@acme.test", "password": TwoTenants.password],
                headers: headers
            )
            #expect(same.status == .seeOther)
        }
    }

    @Test("Every response carries the security headers and a request id")
    func securityHeaders() async throws {
        try await withApp { browser, _, _ in
            for path in ["/t/acme/login", "/t/nowhere/login", "/healthz", "/css/app.css"] {
                let response = try await browser.get(path)
                let csp = try #require(response.headers[.contentSecurityPolicy], "\(path)")
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(csp.contains("object-src 'none'"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.count == 24)
            }
        }
    }

    @Test("Pages contain no inline script or style")
    func noInlineScript() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let html = try await browser.get("/t/acme/admin").text
            #expect(!html.contains("<script>"))
            #expect(!html.contains(" style="))
            #expect(!html.contains("onclick"))
        }
    }
}

@Suite("Startup and error handling")
struct StartupTests {
    @Test("The server refuses to start while a migration is pending")
    func pendingMigrationStopsServer() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pending-\(UUID().uuidString)").path
            try FileManager.default.copyItem(atPath: cluster.repositoryRoot + "/migrations", toPath: folder)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try "SELECT 1;".write(toFile: folder + "/9999_not_yet.sql", atomically: true, encoding: .utf8)
            let error = await #expect(throws: ConfigurationError.self) {
                _ = try await buildApplication(configuration: database.appConfiguration(migrationsDirectory: folder), logger: .test)
            }
            #expect(error?.description.contains("migrations are pending: 9999_not_yet") == true)
        }
    }

    @Test("The server refuses to start when the database does not accept its tenant claims")
    func claimKeyMismatchStopsServer() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            var configuration = database.appConfiguration()
            configuration.tenantClaimKey = Array(repeating: 3, count: 32)
            let error = await #expect(throws: ConfigurationError.self) {
                _ = try await buildApplication(configuration: configuration, logger: .test)
            }
            #expect(error?.description.contains("does not accept tenant claims signed with COACH_TENANT_CLAIM_KEY") == true)
        }
    }

    @Test("An unexpected error shows a 500 page with the request id and no internals")
    func internalErrorPage() async throws {
        let cluster = try TestCluster.fromEnvironment()
        let views = try await Views(directory: cluster.repositoryRoot + "/Templates")
        struct Leaky: Error, CustomStringConvertible { var description: String { "password=hunter2 at Database.swift:42" } }
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(hsts: false) { $0.requestID })
        router.add(middleware: ErrorPageMiddleware(views: views))
        router.get("boom") { _, _ -> String in throw Leaky() }
        let app = Application(router: router, logger: .test)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/boom", method: .get)
            #expect(response.status == .internalServerError)
            let requestID = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
            let html = String(buffer: response.body)
            #expect(html.contains("Something went wrong"))
            #expect(html.contains(requestID))
            #expect(!html.contains("hunter2"))
            #expect(!html.contains("Database.swift"))
        }
    }
}

@Suite("Refusals are audited")
struct RefusalAuditTests {
    @Test("A CSRF rejection and a 403 each leave an audit event with the request's path")
    func refusalsAudited() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "candidate@acme.test")
            #expect(try await browser.post("/t/acme/logout", form: ["_csrf": "forged"]).status == .forbidden)
            #expect(try await browser.get("/t/acme/admin/people").status == .forbidden)
            let events = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT action, actor_email, outcome, details->>'path' FROM audit_events WHERE action LIKE 'security.%' ORDER BY pos"
            )
            #expect(
                events == [
                    ["security.csrf_rejected", "candidate@acme.test", "denied", "/t/acme/logout"],
                    ["security.access_denied", "candidate@acme.test", "denied", "/t/acme/admin/people"],
                ]
            )
        }
    }

    @Test("A hash made with outdated argon2 parameters is upgraded at the next sign-in")
    func rehashOnSignIn() async throws {
        try await withApp { browser, database, tenants in
            let old = PasswordHasher.Parameters(memoryKiB: 2048, iterations: 1, parallelism: 1)
            try await database.withOperator(hashing: old) {
                try await $0.createUser(
                    slug: "acme",
                    email: "legacy@acme.test",
                    name: "Lee Legacy",
                    role: .candidate,
                    password: TwoTenants.password
                )
            }
            let before = try database.ownerQuery(tenant: tenants.acmeID, "SELECT password_hash FROM users WHERE email = 'legacy@acme.test'")[0][0]!
            #expect(before.hasPrefix("$argon2id$v=19$m=2048,t=1,p=1$"))
            #expect(try await browser.signIn("acme", email: "legacy@acme.test").status == .seeOther)
            let after = try database.ownerQuery(tenant: tenants.acmeID, "SELECT password_hash FROM users WHERE email = 'legacy@acme.test'")[0][0]!
            let current = TestDatabase.fastHashing
            #expect(after.hasPrefix("$argon2id$v=19$m=\(current.memoryKiB),t=\(current.iterations),p=\(current.parallelism)$"))
        }
    }

    @Test("The production setting is OWASP's argon2id: m=19456 KiB, t=2, p=1")
    func owaspParameters() throws {
        let hash = try PasswordHasher.hashSync("correct horse battery staple")
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(PasswordHasher.verifySync("correct horse battery staple", against: hash))
        #expect(!PasswordHasher.verifySync("correct horse battery stapler", against: hash))
    }
}
