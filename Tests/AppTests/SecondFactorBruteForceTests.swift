import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Findings 1 and 2 of the outside security test: whoever has the password must not be able to guess the code.
@Suite("Wrong second-factor codes count like wrong passwords")
struct SecondFactorBruteForceTests {
    static func wrongCode(_ browser: Browser, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await browser.post(
            "/t/acme/login/2fa",
            form: ["_csrf": try await browser.csrfToken(from: "/t/acme/login/2fa"), "code": "000000"],
            headers: headers
        )
    }

    @Test("Fresh password sign-ins do not give fresh guesses: wrong codes lock the account, and the owner sees them")
    func wrongCodesLockTheAccount() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            let secret = try await enrol(browser, clock: clock)
            try await browser.post("/t/acme/logout", form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")])
            // Three wrong codes, then a new password sign-in and two more: five in all, the tenant's lockout threshold.
            try await browser.signIn("acme", email: "owner@acme.test")
            for _ in 1...3 { #expect(try await Self.wrongCode(browser).status == .unprocessableContent) }
            browser.clearCookies()
            #expect(try await browser.signIn("acme", email: "owner@acme.test").location == "/t/acme/login/2fa")
            #expect(try await Self.wrongCode(browser).status == .unprocessableContent)
            #expect(try await Self.wrongCode(browser).location == "/t/acme/login?expired=1", "the fifth wrong code locks the account")
            // Locked: even the right password and the right code get nowhere now.
            let refused = try await browser.signIn("acme", email: "owner@acme.test")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("temporarily locked"))
            let locked = try database.ownerQuery(tenant: tenants.acmeID, "SELECT lock_count FROM users WHERE email = 'owner@acme.test'")
            #expect(locked == [["1"]])
            // After the lock the owner signs in and finds the wrong codes among their failed attempts.
            clock.advance(minutes: 16)
            try await browser.signIn("acme", email: "owner@acme.test")
            let code = TOTP.code(secret: secret, step: TOTP.step(at: clock.now))
            let accepted = try await browser.post(
                "/t/acme/login/2fa",
                form: ["_csrf": try await browser.csrfToken(from: "/t/acme/login/2fa"), "code": code]
            )
            #expect(accepted.location == "/t/acme/admin")
            let page = try await browser.get("/t/acme/account/security")
            #expect(page.text.components(separatedBy: "Wrong two-factor code").count - 1 == 5)
        }
    }

    @Test("Wrong codes count toward the address throttle, and a throttled address cannot even try the right code")
    func wrongCodesThrottleTheAddress() async throws {
        let clock = TestClock()
        try await withApp(clock: clock, configure: trustingProxy) { browser, database, tenants in
            let secret = try await enrol(browser, clock: clock)
            try await browser.post("/t/acme/logout", form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")])
            var from = HTTPFields()
            from[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.50"
            let token = try await browser.csrfToken(from: "/t/acme/login")
            try await browser.post(
                "/t/acme/login",
                form: ["_csrf": token, "email": "owner@acme.test", "password": TwoTenants.password],
                headers: from
            )
            #expect(try await Self.wrongCode(browser, headers: from).status == .unprocessableContent)
            let counted = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT count(*) FROM sign_in_attempts WHERE reason = 'wrong_second_factor' AND host(ip) = '203.0.113.50'"
            )
            #expect(counted == [["1"]])
            // Fill the address's quota (20 by default) as if other accounts had been tried from it.
            try database.ownerQuery(
                tenant: tenants.acmeID,
                "INSERT INTO sign_in_attempts (tenant_id, email, ip, succeeded, reason, attempted_at) SELECT $1, 'x@acme.test', '203.0.113.50', false, 'wrong_password', $2::timestamptz FROM generate_series(1, 19)",
                [tenants.acmeID, ISO8601DateFormatter().string(from: clock.now)]
            )
            let code = TOTP.code(secret: secret, step: TOTP.step(at: clock.now))
            let refused = try await browser.post(
                "/t/acme/login/2fa",
                form: ["_csrf": try await browser.csrfToken(from: "/t/acme/login/2fa"), "code": code],
                headers: from
            )
            #expect(refused.location == "/t/acme/login?expired=1")
        }
    }

    @Test("Fifteen concurrent wrong codes on one pending sign-in: at most five are checked")
    func concurrentCodesAreCapped() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            _ = try await enrol(browser, clock: clock)
            // A high lockout threshold, so only the per-sign-in cap is at work.
            try database.ownerQuery(tenant: tenants.acmeID, "UPDATE tenants SET lockout_threshold = 100 WHERE slug = 'acme'")
            try await browser.post("/t/acme/logout", form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")])
            try await browser.signIn("acme", email: "owner@acme.test")
            let token = try await browser.csrfToken(from: "/t/acme/login/2fa")
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<15 {
                    group.addTask { try await browser.post("/t/acme/login/2fa", form: ["_csrf": token, "code": "000000"]).status }
                }
                var statuses: [HTTPResponse.Status] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.filter { $0 == .unprocessableContent }.count <= 4)
            let checked = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT count(*) FROM sign_in_attempts WHERE reason = 'wrong_second_factor'"
            )
            #expect(checked == [["5"]])
            let counted = try database.ownerQuery(tenant: tenants.acmeID, "SELECT max(mfa_failures) FROM sessions")
            #expect(counted == [["5"]])
        }
    }
}
