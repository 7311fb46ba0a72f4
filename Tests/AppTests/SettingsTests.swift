import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Organisation settings: name and invitation lifetime")
struct SettingsTests {
    @Test("Saving changes the name everywhere and the lifetime of new links; bad values keep what was typed")
    func saveSettings() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let token = try await browser.csrfToken(from: "/t/acme/admin/settings")
            let bad = try await browser.post("/t/acme/admin/settings", form: ["_csrf": token, "name": "Acme Ltd", "invitation_days": "45"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("value=\"Acme Ltd\"") && bad.text.contains("value=\"45\""))
            #expect(bad.text.contains("a whole number of days from 1 to 30"))
            let saved = try await browser.post("/t/acme/admin/settings", form: ["_csrf": token, "name": "Acme Ltd", "invitation_days": "2"])
            #expect(saved.location == "/t/acme/admin/settings?settings_saved=1")
            #expect(try await browser.get("/t/acme/admin").text.contains("Acme Ltd"))
            _ = try await browser.invite("soon@acme.test")
            let lifetime = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT round(extract(epoch FROM expires_at - created_at) / 86400) FROM invitations"
            )
            #expect(lifetime == [["2"]])
            let event = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT before->>'name', after->>'name', after->>'invitation_days' FROM audit_events WHERE action = 'tenant.settings_changed'"
            )
            #expect(event == [["Acme Corporation", "Acme Ltd", "2"]])
        }
    }
}
