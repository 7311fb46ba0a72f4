import App
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("The admin home's figures")
struct AdminHomeTests {
    @Test("People by role leave out the deactivated; active sessions leave out revoked, expired and other tenants' ones")
    func figures() async throws {
        try await withApp { browser, database, tenants in
            try await database.withOperator { admin in
                for (email, role) in [("editor@acme.test", Role.editor), ("translator@acme.test", .translator), ("cara@acme.test", .candidate)] {
                    try await admin.createUser(slug: "acme", email: email, name: "Someone", role: role, password: TwoTenants.password)
                }
            }
            // Casey, acme's first candidate, leaves: one candidate remains.
            _ = try database.ownerQuery(tenant: tenants.acmeID, "UPDATE users SET status = 'deactivated' WHERE email = 'candidate@acme.test'")
            // Live sessions: the owner's (below) and the editor's. The translator's is expired, Cara's revoked, and
            // Globex's owner's belongs to another tenant.
            for email in ["editor@acme.test", "translator@acme.test", "cara@acme.test"] {
                #expect(try await Browser(browser.client).signIn("acme", email: email).status == .seeOther, "\(email)")
            }
            #expect(try await Browser(browser.client).signIn("globex", email: "owner@globex.test").status == .seeOther)
            _ = try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                UPDATE sessions SET expires_at = now() - interval '1 minute'
                 WHERE user_id = (SELECT id FROM users WHERE email = 'translator@acme.test')
                """
            )
            _ = try database.ownerQuery(
                tenant: tenants.acmeID,
                "UPDATE sessions SET revoked_at = now() WHERE user_id = (SELECT id FROM users WHERE email = 'cara@acme.test')"
            )
            try await browser.signIn("acme", email: "owner@acme.test")
            let home = try await browser.get("/t/acme/admin")
            #expect(home.status == .ok)
            #expect(home.text.contains(#"<h2>Active sessions</h2><p class="figure">2</p>"#))
            let expected = [("Owner", 1), ("Admin", 0), ("Auditor", 0), ("Editor", 1), ("Translator", 1), ("Candidate", 1)]
            let rows = expected.map { #"<tr><td>\#($0.0)</td><td class="num">\#($0.1)</td></tr>"# }.joined()
            #expect(home.text.contains(rows), "people by role, in the roles' order")
            #expect(home.text.contains("Recent activity"))
            #expect(home.text.contains("Team"), "the plan's name")
        }
    }
}
