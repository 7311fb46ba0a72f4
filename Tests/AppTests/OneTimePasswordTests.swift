import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("A one-time password from the operator must be replaced at first sign-in")
struct OneTimePasswordTests {
    @Test("Every page but the password page and sign-out leads to the password page until a new one is chosen")
    func mustChoose() async throws {
        try await withApp { browser, database, tenants in
            try await database.withOperator {
                try await $0.createUser(
                    slug: "acme",
                    email: "temp@acme.test",
                    name: "Tim Temp",
                    role: .editor,
                    password: "one-time pass 123",
                    oneTime: true
                )
            }
            #expect(try await browser.signIn("acme", email: "temp@acme.test", password: "one-time pass 123").status == .seeOther)
            let home = try await browser.get("/t/acme/admin/questions")
            #expect(home.status == .seeOther)
            #expect(home.location == "/t/acme/account/password?choose_password=1")
            let page = try await browser.get("/t/acme/account/password?choose_password=1")
            #expect(page.text.contains("You signed in with a one-time password."))
            let token = try await browser.csrfToken(from: "/t/acme/account/password")
            let changed = try await browser.post(
                "/t/acme/account/password",
                form: ["_csrf": token, "current": "one-time pass 123", "new": "my very own passphrase", "confirm": "my very own passphrase"]
            )
            #expect(changed.status == .seeOther)
            #expect(try await browser.get("/t/acme/admin/questions").status == .ok)
            let flag = try database.ownerQuery(tenant: tenants.acmeID, "SELECT must_change_password FROM users WHERE email = 'temp@acme.test'")
            #expect(flag == [["f"]])
            let owners = try database.ownerQuery(tenant: tenants.acmeID, "SELECT must_change_password FROM users WHERE email = 'owner@acme.test'")
            #expect(owners == [["f"]], "a password the operator chose on purpose (the fixture's) is not one-time")
        }
    }
}
