import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

extension TwoFactorTests {
    @Test("A recovery code works once; the use is shown to the user and audited")
    func recoveryCodeOnce() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let setup = try await browser.get("/t/acme/account/2fa")
            let key = String(setup.text[setup.text.range(of: "<code id=\"totp-key\">")!.upperBound...].prefix { $0 != "<" })
            let secret = try #require(TOTP.base32Decode(key))
            let activated = try await browser.post(
                "/t/acme/account/2fa",
                form: [
                    "_csrf": Browser.csrf(in: setup.text)!, "code": TOTP.code(secret: secret, step: TOTP.step(at: clock.now)),
                    "offer": offer(in: setup.text)!,
                ]
            )
            let codes = recoveryCodes(in: activated.text)
            #expect(codes.count == 10)
            #expect(Set(codes).count == 10)

            try await browser.post("/t/acme/logout", form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")])
            try await browser.signIn("acme", email: "owner@acme.test")
            let used = try await browser.post(
                "/t/acme/login/2fa",
                form: ["_csrf": try await browser.csrfToken(from: "/t/acme/login/2fa"), "code": codes[3].uppercased()]
            )
            #expect(used.location == "/t/acme/account/security?recovery_used=1")
            let notice = try await browser.get(used.location!)
            #expect(notice.text.contains("You signed in with a recovery code. 9 remain"))

            try await browser.post("/t/acme/logout", form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")])
            try await browser.signIn("acme", email: "owner@acme.test")
            let reused = try await browser.post(
                "/t/acme/login/2fa",
                form: ["_csrf": try await browser.csrfToken(from: "/t/acme/login/2fa"), "code": codes[3]]
            )
            #expect(reused.status == .unprocessableContent)
            let audited = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT details->>'remaining' FROM audit_events WHERE action = 'auth.recovery_code_used'"
            )
            #expect(audited == [["9"]])
        }
    }

    @Test("Five wrong codes end the pending sign-in")
    func fiveWrongCodes() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, _, _ in
            _ = try await enrol(browser, clock: clock)
            try await browser.post("/t/acme/logout", form: ["_csrf": try await browser.csrfToken(from: "/t/acme/account/security")])
            try await browser.signIn("acme", email: "owner@acme.test")
            for attempt in 1...4 {
                let wrong = try await browser.post(
                    "/t/acme/login/2fa",
                    form: ["_csrf": try await browser.csrfToken(from: "/t/acme/login/2fa"), "code": "000000"]
                )
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.text.contains("\(5 - attempt) attempt"))
            }
            let last = try await browser.post(
                "/t/acme/login/2fa",
                form: ["_csrf": try await browser.csrfToken(from: "/t/acme/login/2fa"), "code": "000000"]
            )
            #expect(last.location == "/t/acme/login?expired=1")
            #expect(browser.cookies["coach_session"] == nil)
        }
    }

    @Test("Turning 2FA off needs a fresh confirmation after ten minutes")
    func stepUp() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, _, _ in
            let secret = try await enrol(browser, clock: clock)
            clock.advance(minutes: 11)
            let token = try await browser.csrfToken(from: "/t/acme/account/security")
            let refused = try await browser.post("/t/acme/account/2fa/disable", form: ["_csrf": token])
            #expect(refused.status == .seeOther)
            let confirmURL = try #require(refused.location)
            #expect(confirmURL.hasPrefix("/t/acme/account/confirm?next="))
            let page = try await browser.get(confirmURL)
            #expect(page.text.contains("Confirm it is you"))
            let wrong = try await browser.post(
                "/t/acme/account/confirm",
                form: ["_csrf": token, "secret": "not my password", "next": "/t/acme/account/security"]
            )
            #expect(wrong.status == .unprocessableContent)
            let code = TOTP.code(secret: secret, step: TOTP.step(at: clock.now))
            let confirmed = try await browser.post(
                "/t/acme/account/confirm",
                form: ["_csrf": token, "secret": code, "next": "https://evil.example/"]
            )
            #expect(confirmed.location == "/t/acme/account/security", "an outside return address is replaced")
            let disabled = try await browser.post("/t/acme/account/2fa/disable", form: ["_csrf": token])
            #expect(disabled.location == "/t/acme/account/security?2fa_disabled=1")
            #expect(try await browser.get("/t/acme/account/security").text.contains("<span class=\"badge bad\">Off</span>"))
        }
    }

    @Test("Showing the setup page stores nothing, and an enrolment offer made for one user is refused for another")
    func setupWritesNothing() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let snapshot = "SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM users u"
            let before = try database.ownerQuery(tenant: tenants.acmeID, snapshot)
            let ownerPage = try await browser.get("/t/acme/account/2fa")
            #expect(try database.ownerQuery(tenant: tenants.acmeID, snapshot) == before, "GET changes no state")

            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            let key = String(ownerPage.text[ownerPage.text.range(of: "<code id=\"totp-key\">")!.upperBound...].prefix { $0 != "<" })
            let secret = try #require(TOTP.base32Decode(key))
            let stolen = try await candidate.post(
                "/t/acme/account/2fa",
                form: [
                    "_csrf": try await candidate.csrfToken(from: "/t/acme/account/security"), "offer": try #require(offer(in: ownerPage.text)),
                    "code": TOTP.code(secret: secret, step: TOTP.step(at: clock.now)),
                ]
            )
            #expect(stolen.status == .unprocessableContent)
            #expect(stolen.text.contains("The setup form had expired"))
            let enabled = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM users WHERE totp_enabled_at IS NOT NULL")
            #expect(enabled == [["0"]])
        }
    }

    @Test("The TOTP secret is stored encrypted and bound to its user")
    func secretEncrypted() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            let secret = try await enrol(browser, clock: clock)
            let row = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT encode(totp_secret, 'hex'), totp_key_version, id FROM users WHERE email = 'owner@acme.test'"
            )[0]
            let stored = try #require(row[0])
            #expect(!stored.contains(secret.hexString))
            let expectedLength = 96  // hex of a 12-byte nonce, 20-byte ciphertext and 16-byte tag
            #expect(stored.count == expectedLength)
            #expect(row[1] == "1")
            // Copying the ciphertext to another user makes it undecryptable (the user id is authenticated data).
            let box = try SecretBox.parse(database.appConfiguration().dataKeys)
            let blob = try #require([UInt8](hex: stored))
            let owner = UUID(uuidString: row[2]!)!
            #expect(
                try box.open(blob, version: 1, associatedData: SecretBox.totpBinding(tenantID: UUID(uuidString: tenants.acmeID)!, userID: owner))
                    == secret
            )
            #expect(throws: (any Error).self) {
                try box.open(blob, version: 1, associatedData: SecretBox.totpBinding(tenantID: UUID(uuidString: tenants.acmeID)!, userID: UUID()))
            }
        }
    }
}
