import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Signs in, enrols TOTP through the real pages and returns the secret the page showed.
func enrol(_ browser: Browser, slug: String = "acme", email: String = "owner@acme.test", clock: TestClock) async throws -> [UInt8] {
    try await browser.signIn(slug, email: email)
    let setup = try await browser.get("/t/\(slug)/account/2fa")
    #expect(setup.status == .ok)
    let key = try #require(setup.text.range(of: "<code id=\"totp-key\">").map { String(setup.text[$0.upperBound...].prefix { $0 != "<" }) })
    let secret = try #require(TOTP.base32Decode(key))
    #expect(secret.count == 20, "a 160-bit secret")
    let token = try #require(Browser.csrf(in: setup.text))
    let code = TOTP.code(secret: secret, step: TOTP.step(at: clock.now))
    let activated = try await browser.post(
        "/t/\(slug)/account/2fa",
        form: ["_csrf": token, "code": code, "offer": try #require(offer(in: setup.text))]
    )
    #expect(activated.status == .ok)
    #expect(activated.text.contains("Two-factor authentication is on"))
    return secret
}

/// The sealed enrolment offer in the setup form.
func offer(in html: String) -> String? {
    html.range(of: "name=\"offer\" value=\"").map { String(html[$0.upperBound...].prefix { $0 != "\"" }) }
}

/// The recovery codes on a page that shows them.
func recoveryCodes(in html: String) -> [String] {
    html.components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix { $0 != "<" }) }
}

@Suite("Two-factor authentication")
struct TwoFactorTests {
    @Test("RFC 6238 test vectors (SHA-1)")
    func rfcVectors() {
        let secret = Array("12345678901234567890".utf8)
        #expect(TOTP.code(secret: secret, step: 59 / 30, digits: 8) == "94287082")
        #expect(TOTP.code(secret: secret, step: 1_111_111_109 / 30, digits: 8) == "07081804")
        #expect(TOTP.code(secret: secret, step: 2_000_000_000 / 30, digits: 8) == "69279037")
        #expect(TOTP.base32Decode(TOTP.base32(secret)) == secret)
    }

    @Test("Codes of the current step and ±1 are accepted; ±2 are not")
    func window() {
        let secret = TOTP.newSecret()
        let now = Date()
        let step = TOTP.step(at: now)
        for offset in -1...1 {
            #expect(TOTP.matchingStep(code: TOTP.code(secret: secret, step: step + Int64(offset)), secret: secret, at: now) == step + Int64(offset))
        }
        for offset in [-2, 2] {
            #expect(TOTP.matchingStep(code: TOTP.code(secret: secret, step: step + Int64(offset)), secret: secret, at: now) == nil)
        }
        #expect(TOTP.matchingStep(code: "12345", secret: secret, at: now) == nil)
        #expect(TOTP.matchingStep(code: "abcdef", secret: secret, at: now) == nil)
    }

    @Test("Enrolment, then sign-in in two steps with a rotated session; pages stay shut after the password alone")
    func twoStepSignIn() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            let secret = try await enrol(browser, clock: clock)
            let setupPage = try await browser.get("/t/acme/account/security")
            #expect(setupPage.text.contains("Recovery codes left: <strong>10</strong>"))
            try await browser.post("/t/acme/logout", form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")])

            let password = try await browser.signIn("acme", email: "owner@acme.test")
            #expect(password.location == "/t/acme/login/2fa")
            let pending = try #require(browser.cookies["coach_session"])
            for path in ["/t/acme/admin", "/t/acme/account/security", "/t/acme/admin/audit"] {
                let blocked = try await browser.get(path)
                #expect(blocked.status == .seeOther, "\(path)")
                #expect(blocked.location == "/t/acme/login/2fa", "\(path)")
            }
            clock.advance(minutes: 1)
            let token = try await browser.csrfToken(from: "/t/acme/login/2fa")
            let code = TOTP.code(secret: secret, step: TOTP.step(at: clock.now))
            let verified = try await browser.post("/t/acme/login/2fa", form: ["_csrf": token, "code": code])
            #expect(verified.location == "/t/acme/admin")
            let full = try #require(browser.cookies["coach_session"])
            #expect(full != pending, "the session token is rotated after the second factor")
            #expect(try await browser.get("/t/acme/admin").status == .ok)

            // The pending token is dead.
            browser.setCookie("coach_session", pending)
            #expect(try await browser.get("/t/acme/admin").status == .seeOther)

            let events = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT action, details->>'second_factor' FROM audit_events WHERE action LIKE 'auth.%' ORDER BY pos"
            )
            #expect(events.contains(["auth.two_factor_enabled", nil]))
            #expect(events.contains(["auth.password_accepted", "pending"]))
            #expect(events.contains(["auth.sign_in", "totp"]))
        }
    }

    @Test("A code cannot be used twice, even by two concurrent requests")
    func replay() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            let secret = try await enrol(browser, clock: clock)
            clock.advance(minutes: 1)
            let step = TOTP.step(at: clock.now)
            let repository = TwoFactorRepository(
                box: try SecretBox.parse(database.appConfiguration().dataKeys),
                recovery: RecoveryCodes(secretKey: database.cluster.secretKey)
            )
            let db = database.appDatabase(maximumConnections: 4)
            let userID = UUID(
                uuidString: try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'owner@acme.test'")[0][0]!
            )!
            let tenantID = UUID(uuidString: tenants.acmeID)!
            let successes = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    await db.client.run()
                    return 0
                }
                let successes = try await withThrowingTaskGroup(of: Bool.self) { racers in
                    for _ in 0..<8 {
                        racers.addTask {
                            try await db.withTenant(tenantID, logger: .test) { db in
                                try await repository.consumeStep(userID: userID, step: step, in: db)
                            }
                        }
                    }
                    var count = 0
                    for try await accepted in racers where accepted { count += 1 }
                    return count
                }
                group.cancelAll()
                return successes
            }
            #expect(successes == 1)

            // Over HTTP: the code that signed in once is refused the next time.
            clock.advance(minutes: 1)
            try await browser.post("/t/acme/logout", form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")])
            try await browser.signIn("acme", email: "owner@acme.test")
            let code = TOTP.code(secret: secret, step: TOTP.step(at: clock.now))
            let first = try await browser.post(
                "/t/acme/login/2fa",
                form: ["_csrf": try await browser.csrfToken(from: "/t/acme/login/2fa"), "code": code]
            )
            #expect(first.status == .seeOther)
            try await browser.post("/t/acme/logout", form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")])
            try await browser.signIn("acme", email: "owner@acme.test")
            let again = try await browser.post(
                "/t/acme/login/2fa",
                form: ["_csrf": try await browser.csrfToken(from: "/t/acme/login/2fa"), "code": code]
            )
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("already used"))
        }
    }
}

extension Array where Element == UInt8 {
    init?(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self = bytes
    }
}
