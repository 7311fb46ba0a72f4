import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Forgot password: the same answer for every email, a single-use link, other sessions end")
struct PasswordResetTests {
    /// Asks for a link for `email`; returns the page.
    static func ask(_ browser: Browser, _ email: String) async throws -> TestResponse {
        let token = try await browser.csrfToken(from: "/t/acme/password-reset")
        return try await browser.post("/t/acme/password-reset", form: ["_csrf": token, "email": email])
    }

    /// The newest reset link in acme's outbox, read the way the operator reads it.
    static func link(_ database: TestDatabase, _ tenants: TwoTenants) async throws -> String {
        let messages = try await database.withOperator { admin in
            try await admin.outbox(slug: "acme", unsentOnly: true, box: try SecretBox.parse(database.appConfiguration().dataKeys))
        }
        let body = try #require(messages.first { $0.message.kind == "password_reset" }?.message.body)
        let range = try #require(body.range(of: #"/t/acme/password-reset/[A-Za-z0-9_-]+"#, options: .regularExpression))
        return String(body[range])
    }

    @Test("Known and unknown emails get the same page; the link sets the password once and ends every session")
    func resetByLink() async throws {
        try await withApp { browser, database, tenants in
            let elsewhere = Browser(browser.client)
            try await elsewhere.signIn("acme", email: "owner@acme.test")
            let known = try await Self.ask(Browser(browser.client), "Owner@acme.test")
            let unknown = try await Self.ask(Browser(browser.client), "nobody@acme.test")
            #expect(known.status == .ok && unknown.status == .ok)
            func answer(_ page: TestResponse) -> String? {
                page.text.range(of: #"<p class="alert" role="status">[^<]*</p>"#, options: .regularExpression).map { String(page.text[$0]) }
            }
            #expect(answer(known) != nil)
            #expect(answer(known) == answer(unknown), "the answer does not tell whether the account exists")

            let path = try await Self.link(database, tenants)
            let stored = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT count(*) FROM password_resets WHERE position(convert_to($1, 'UTF8') IN token_hash) > 0",
                [path]
            )
            #expect(stored == [["0"]])
            let person = Browser(browser.client)
            let token = try await person.csrfToken(from: path)
            let weak = try await person.post(path, form: ["_csrf": token, "password": "short", "confirm": "short"])
            #expect(weak.status == .unprocessableContent)
            let done = try await person.post(path, form: ["_csrf": token, "password": "a brand new passphrase", "confirm": "a brand new passphrase"])
            #expect(done.location == "/t/acme/login?password_reset=1")
            #expect(try await elsewhere.get("/t/acme/admin").status == .seeOther, "the other session ended")
            #expect(try await person.signIn("acme", email: "owner@acme.test", password: "a brand new passphrase").status == .seeOther)
            let again = try await Browser(browser.client).get(path)
            #expect(again.status == .gone)
            let events = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT action FROM audit_events WHERE action LIKE 'user.password_reset_%' ORDER BY pos"
            )
            #expect(events == [["user.password_reset_requested"], ["user.password_reset_by_link"]])
        }
    }

    @Test("At most three links an hour per account; an expired link does not work")
    func limits() async throws {
        try await withApp { browser, database, tenants in
            for _ in 0..<5 { _ = try await Self.ask(Browser(browser.client), "candidate@acme.test") }
            let sent = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM password_resets")
            #expect(sent == [["3"]])
            let path = try await Self.link(database, tenants)
            try database.ownerQuery(tenant: tenants.acmeID, "UPDATE password_resets SET expires_at = now() - interval '1 second'")
            let expired = try await Browser(browser.client).get(path)
            #expect(expired.status == .gone)
            #expect(expired.text.contains("no longer works"))
        }
    }
}
