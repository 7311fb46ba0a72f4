import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

extension Browser {
    /// Invites `email` as `role` through the form; returns the response (the "invitation ready" page on success).
    func invite(_ email: String, role: String = "editor", name: String = "") async throws -> TestResponse {
        let token = try await csrfToken(from: "/t/acme/admin/people/invite")
        return try await post("/t/acme/admin/people/invite", form: ["_csrf": token, "email": email, "role": role, "name": name])
    }

    /// The path of the link on an "invitation ready" page.
    static func invitationPath(_ page: TestResponse) throws -> String {
        let range = try #require(page.text.range(of: #"/t/acme/invitation/[A-Za-z0-9_-]+"#, options: .regularExpression), "the page shows the link")
        return String(page.text[range])
    }

    /// Opens an invitation link in this browser and accepts it.
    func accept(_ path: String, name: String = "New Person", password: String = "a long enough passphrase") async throws -> TestResponse {
        // An unusable link's page has no form, so take the token from the sign-in page (same anonymous binding).
        let token = try await csrfToken(from: "/t/acme/login")
        return try await post(path, form: ["_csrf": token, "name": name, "password": password, "confirm": password])
    }

    /// Posts a form on the people page (resend, revoke, role…).
    func peopleAction(_ path: String, _ fields: [String: String] = [:]) async throws -> TestResponse {
        let token = try await csrfToken(from: "/t/acme/admin/people")
        return try await post(path, form: fields.merging(["_csrf": token]) { $1 })
    }
}
