import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Audit events are sealed into the chain in the background")
struct AuditSealingTests {
    @Test("An event not sealed yet is listed as pending, its page says so, and the server seals it once it can")
    func pendingEventsAreShown() async throws {
        try await withApp(configure: sealingInBackground) { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            // Holding acme's chain (the sealer's lock) keeps what follows unsealed.
            let holder = try database.appConnection()
            try holder.query("BEGIN")
            try database.claim(tenants.acmeID, on: holder)
            try holder.query("SELECT 1 FROM tenants WHERE id = $1 FOR NO KEY UPDATE", [tenants.acmeID])
            try AuditPagesTests.addEvents(database, tenantID: tenants.acmeID, count: 1, label: "late@acme.test")
            let list = try await browser.get("/t/acme/admin/audit?actor=late%40acme.test")
            #expect(list.status == .ok)
            #expect(list.text.contains("<td class=\"num\"><a href=\""))
            #expect(AuditPagesTests.table(list.text).contains(">pending</a>"))
            let link = try #require(AuditPagesTests.firstEventLink(in: list.text))
            let detail = try await browser.get(link)
            #expect(detail.status == .ok)
            #expect(detail.text.contains("not sealed yet"))
            let token = try await browser.csrfToken(from: "/t/acme/admin/audit")
            #expect(try await browser.post("/t/acme/admin/audit/verify", form: ["_csrf": token]).status == .seeOther)
            let verified = try await browser.get("/t/acme/admin/audit")
            #expect(verified.text.contains("not sealed yet"), "verification reports the unsealed tail")
            try holder.query("COMMIT")

            let sealed = "SELECT count(*) FROM audit_events WHERE seq IS NULL"
            #expect(try await eventually { try database.ownerQuery(tenant: tenants.acmeID, sealed) == [["0"]] }, "sealed in the background")
            let after = try await browser.get(link)
            #expect(!after.text.contains("not sealed yet"))
            #expect(after.text.contains("<h1>Event "))
        }
    }

    @Test("A sealed chain verifies after erasure redacted events both sealed and not yet sealed")
    func erasureAcrossTheSealingBoundary() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "candidate@acme.test")
            try database.sealAudit(tenant: tenants.acmeID)
            // A second sign-in by the candidate stays unsealed while the chain is held.
            let holder = try database.appConnection()
            try holder.query("BEGIN")
            try database.claim(tenants.acmeID, on: holder)
            try holder.query("SELECT 1 FROM tenants WHERE id = $1 FOR NO KEY UPDATE", [tenants.acmeID])
            try AuditPagesTests.addEvents(database, tenantID: tenants.acmeID, count: 1, label: "candidate@acme.test")
            let user = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'candidate@acme.test'").first?[0]
            )
            let erased = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT redacted FROM erase_candidate($1::uuid, 'Erased person', 'erased@invalid')",
                [user]
            )
            try holder.query("COMMIT")
            #expect(Int(erased.first?[0] ?? "") ?? 0 >= 2, "the sealed and the unsealed sign-in were both redacted")
            let records = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM audit_redactions")
            #expect(records.first?[0] != "0", "sealed events have redaction records")
            try database.sealAudit(tenant: tenants.acmeID)
            let left = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM audit_events WHERE actor_label = 'candidate@acme.test'")
            #expect(left == [["0"]])
            let chain = try database.ownerQuery(tenant: tenants.acmeID, "SELECT intact, problem FROM audit_verify_chain($1)", [tenants.acmeID])
            #expect(chain.first?[0] == "t", "\(chain)")
        }
    }
}
