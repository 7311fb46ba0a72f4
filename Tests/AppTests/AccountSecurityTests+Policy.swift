import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

extension AccountSecurityTests {
    @Test("Too many failures from one address throttle it, with the same message, for every account")
    func ipThrottle() async throws {
        try await withApp(configure: trustingProxy) { browser, database, tenants in
            var attacker = HTTPFields()
            attacker[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.9"
            for index in 0..<20 {
                let token = try await browser.csrfToken(from: "/t/acme/login")
                try await browser.post(
                    "/t/acme/login",
                    form: ["_csrf": token, "email": "user\(index)@acme.test", "password": "guess guess guess"],
                    headers: attacker
                )
            }
            let token = try await browser.csrfToken(from: "/t/acme/login")
            let blocked = try await browser.post(
                "/t/acme/login",
                form: ["_csrf": token, "email": "owner@acme.test", "password": TwoTenants.password],
                headers: attacker
            )
            #expect(blocked.status == .unprocessableContent)
            #expect(blocked.text.contains("That email and password combination is not valid"))
            var someoneElse = HTTPFields()
            someoneElse[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.7"
            let fine = try await browser.post(
                "/t/acme/login",
                form: ["_csrf": token, "email": "owner@acme.test", "password": TwoTenants.password],
                headers: someoneElse
            )
            #expect(fine.status == .seeOther)
            let reasons = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT count(*) FROM sign_in_attempts WHERE reason = 'ip_throttled' AND host(ip) = '203.0.113.9'"
            )
            #expect(reasons == [["1"]])
        }
    }

    @Test("Requiring 2FA for a role: grace, then enrolment is the only way on")
    func requirePolicy() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let page = try await browser.get("/t/acme/admin/security")
            let token = try #require(Browser.csrf(in: page.text))
            var form = [
                "_csrf": token, "require_candidate": "on", "grace_days": "3", "idle_minutes": "30", "absolute_minutes": "720",
                "lockout_threshold": "5", "lockout_minutes": "15", "lockout_growth": "2", "ip_threshold": "20",
            ]
            form["idle_minutes"] = "9999"
            let invalid = try await browser.post("/t/acme/admin/security", form: form)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("must be a whole number from 5 to 1440"))
            #expect(invalid.text.contains("value=\"9999\""))
            form["idle_minutes"] = "30"
            let asked = try await browser.post("/t/acme/admin/security", form: form)
            #expect(asked.text.contains("affects 1 person who has not set it up: candidate@acme.test"), "who is affected is shown first")
            form["affected_confirmed"] = "candidate:1"
            #expect(try await browser.post("/t/acme/admin/security", form: form).location == "/t/acme/admin/security?saved=1")

            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            let home = try await candidate.get("/t/acme/")
            #expect(home.status == .ok, "inside the grace period")
            #expect(home.text.contains("Acme Corporation requires two-factor authentication for your role. Set it up by"), "every page reminds them")
            #expect(try await candidate.get("/t/acme/account/security").text.contains("Set it up by"))
            clock.advance(minutes: 3 * 24 * 60 + 1)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            let forced = try await candidate.get("/t/acme/")
            #expect(forced.location == "/t/acme/account/2fa?required=1")
            let setup = try await candidate.get(forced.location!)
            #expect(setup.status == .ok)
            #expect(setup.text.contains("requires two-factor authentication for your role"))
            #expect(setup.text.contains("<svg"))

            let change = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT before->>'require_2fa_roles', after->>'require_2fa_roles' FROM audit_events WHERE action = 'tenant.security_policy_changed'"
            )
            #expect(change == [["", "candidate"]])
        }
    }

    @Test("An admin's reset of 2FA needs step-up, ends the person's sessions and is audited")
    func adminReset() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            let candidate = Browser(browser.client)
            _ = try await enrol(candidate, email: "candidate@acme.test", clock: clock)
            try await browser.signIn("acme", email: "owner@acme.test")
            clock.advance(minutes: 11)
            let id = try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'candidate@acme.test'")[0][0]!
            let token = try await browser.csrfToken(from: "/t/acme/admin/people")
            let needsConfirm = try await browser.post("/t/acme/admin/people/\(id)/reset-2fa", form: ["_csrf": token])
            #expect(needsConfirm.location?.hasPrefix("/t/acme/account/confirm") == true)
            try await browser.post("/t/acme/account/confirm", form: ["_csrf": token, "secret": TwoTenants.password, "next": "/t/acme/admin/people"])
            #expect(try await browser.post("/t/acme/admin/people/\(id)/reset-2fa", form: ["_csrf": token]).location == "/t/acme/admin/people?reset=1")
            #expect(try await candidate.get("/t/acme/").status == .seeOther)
            let row = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT totp_secret IS NULL, (SELECT count(*) FROM recovery_codes) FROM users WHERE id = $1",
                [id]
            )
            #expect(row == [["t", "0"]])
            let event = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT actor_email, target_label FROM audit_events WHERE action = 'auth.two_factor_reset'"
            )
            #expect(event == [["owner@acme.test", "candidate@acme.test"]])
        }
    }

    @Test("No more than 100 live sessions per user; the oldest end first")
    func sessionCap() async throws {
        try await withApp { browser, database, tenants in
            var first: String?
            for index in 0..<101 {
                let device = Browser(browser.client)
                try await device.signIn("acme", email: "candidate@acme.test")
                if index == 0 { first = device.cookies["coach_session"] }
            }
            let live = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'candidate@acme.test' AND s.revoked_at IS NULL"
            )
            #expect(live == [["100"]])
            browser.setCookie("coach_session", try #require(first))
            #expect(try await browser.get("/t/acme/").status == .seeOther)
        }
    }

    @Test("Logs and a database dump contain no TOTP secret, recovery code, password or session token")
    func noSecretsLeak() async throws {
        let clock = TestClock()
        let logs = LogCapture()
        try await withApp(clock: clock, logs: logs) { browser, database, _ in
            let secret = try await enrol(browser, clock: clock)
            let codes = recoveryCodes(
                in: try await browser.post(
                    "/t/acme/account/2fa/recovery-codes",
                    form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")]
                ).text
            )
            #expect(codes.count == 10)
            let token = try #require(browser.cookies["coach_session"])
            try await browser.get("/t/acme/admin")
            try await browser.get("/t/acme/nope")

            let dump = try Self.pgDump(database)
            let logText = logs.text
            #expect(dump.contains("owner@acme.test"), "the dump really holds the data")
            #expect(!logText.isEmpty, "logs were captured")
            let needles =
                [TOTP.base32(secret), secret.hexString, token, TwoTenants.password] + codes + codes.map { $0.replacingOccurrences(of: "-", with: "") }
            for needle in needles {
                #expect(!dump.contains(needle), "dump contains a secret")
                #expect(!logText.contains(needle), "logs contain a secret")
            }
        }
    }

    static func pgDump(_ database: TestDatabase) throws -> String {
        // A superuser dump, as an operator's backup would be: row-level security does not hide anything from it.
        let environment = ProcessInfo.processInfo.environment
        let socket = try #require(environment["PGSOCKDIR"], "make test exports the cluster's socket folder")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        let config = database.ownerConfiguration
        process.arguments = ["-u", "postgres", "--", "pg_dump", "-h", socket, "-p", String(config.port), "--data-only", "--inserts", config.name]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
