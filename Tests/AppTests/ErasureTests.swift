import App
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Deleting a candidate's personal data")
struct ErasureTests {
    static let ip = "203.0.113.77"

    /// Each `table.column` of the schema whose value, as text, contains one of `needles` (case-insensitive), read as the
    /// owner with the tenant selected: every table, not a list that could miss a new one.
    static func traces(of needles: [String], _ database: TestDatabase, tenant: String) throws -> [String] {
        let columns = try database.ownerQuery(
            tenant: tenant,
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type <> 'bytea'
             ORDER BY 1, 2
            """
        )
        #expect(columns.count > 100, "the walk found the schema's columns")
        var found: [String] = []
        for column in columns {
            guard let table = column[0], let name = column[1] else { continue }
            for needle in needles {
                let hits = try database.ownerQuery(
                    tenant: tenant,
                    "SELECT count(*) FROM \"\(table)\" WHERE strpos(lower(\"\(name)\"::text), lower($1)) > 0",
                    [needle]
                )
                if hits != [["0"]] { found.append("\(table).\(name) holds \(needle)") }
            }
        }
        return found
    }

    /// The candidate's traces: two sign-ins (one failed) from a known address, a reset link in the outbox, one answer,
    /// and admin actions that name them in the audit log.
    static func leaveTraces(_ browser: Browser, _ database: TestDatabase, _ tenants: TwoTenants) async throws -> String {
        var fromHome = HTTPFields()
        fromHome[HTTPField.Name("X-Forwarded-For")!] = ip
        let candidate = Browser(browser.client)
        let token = try await candidate.csrfToken(from: "/t/acme/login")
        _ = try await candidate.post("/t/acme/login", form: ["_csrf": token, "email": "candidate@acme.test", "password": "wrong"], headers: fromHome)
        let signedIn = try await candidate.post(
            "/t/acme/login",
            form: ["_csrf": token, "email": "candidate@acme.test", "password": TwoTenants.password],
            headers: fromHome
        )
        #expect(signedIn.status == .seeOther)
        let forgot = Browser(browser.client)
        let reset = try await forgot.csrfToken(from: "/t/acme/password-reset")
        let requested = try await forgot.post("/t/acme/password-reset", form: ["_csrf": reset, "email": "candidate@acme.test"], headers: fromHome)
        #expect(requested.status == .ok || requested.status == .seeOther)

        try await browser.signIn("acme", email: "owner@acme.test")
        let bank = try await browser.createBank()
        let question = try await browser.createQuestion(bank: bank, fields: ["prompt": "Describe a bug you fixed."])
        let id = try #require(
            try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'candidate@acme.test'").first?[0] ?? nil
        )
        _ = try database.ownerQuery(
            tenant: tenants.acmeID,
            "INSERT INTO answers (tenant_id, question_id, version_number, language, user_id, score) VALUES ($1, $2, 1, 'en', $3, 71)",
            [tenants.acmeID, question, id]
        )
        #expect(try await browser.peopleAction("/t/acme/admin/people/\(id)/deactivate").status == .seeOther)
        #expect(try await browser.peopleAction("/t/acme/admin/people/\(id)/reactivate").status == .seeOther)
        return id
    }

    @Test("No name, email or address is left in any table; answers stay, the chain verifies, and the account is gone for good")
    func eraseCandidate() async throws {
        try await withApp(configure: trustingProxy) { browser, database, tenants in
            let id = try await Self.leaveTraces(browser, database, tenants)
            let before = try Self.traces(of: ["candidate@acme.test", "Casey Candidate", Self.ip], database, tenant: tenants.acmeID)
            #expect(before.count >= 6, "the traces exist before: \(before)")

            let page = try await browser.get("/t/acme/admin/people/\(id)/erase")
            #expect(page.status == .ok && page.text.contains("their 1 answer stay in the question statistics"))
            let token = try #require(Browser.csrf(in: page.text))
            let mistyped = try await browser.post("/t/acme/admin/people/\(id)/erase", form: ["_csrf": token, "confirm_email": "casey@acme.test"])
            #expect(mistyped.status == .unprocessableContent && mistyped.text.contains("value=\"casey@acme.test\""))
            #expect(
                try Self.traces(of: ["candidate@acme.test"], database, tenant: tenants.acmeID).count
                    == before.filter { $0.hasSuffix("candidate@acme.test") }.count
            )

            // Sealed first, so the redactions are recorded and verification checks them.
            try database.sealAudit(tenant: tenants.acmeID)
            let erased = try await browser.post("/t/acme/admin/people/\(id)/erase", form: ["_csrf": token, "confirm_email": "Candidate@acme.test"])
            #expect(erased.location == "/t/acme/admin/people?erased=1")
            let after = try Self.traces(of: ["candidate@acme.test", "Casey Candidate", Self.ip], database, tenant: tenants.acmeID)
            #expect(after == [], "\(after)")

            let kept = try database.ownerQuery(tenant: tenants.acmeID, "SELECT score FROM answers WHERE user_id = $1", [id])
            #expect(kept == [["71.00"]], "the answer stays for statistics")
            let chain = try database.ownerQuery(tenant: tenants.acmeID, "SELECT intact, problem FROM audit_verify_chain($1)", [tenants.acmeID])
            #expect(chain == [["t", nil]])
            let event = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT target_label, details->>'redacted_events' FROM audit_events WHERE action = 'user.erased'"
            )
            #expect(event.first?[0]?.hasPrefix("Former candidate ") == true && Int(event.first?[1] ?? "") ?? 0 >= 6, "\(event)")
            let people = try await browser.get("/t/acme/admin/people")
            #expect(people.text.contains("personal data deleted") && people.text.contains("Former candidate "))

            #expect(try await browser.peopleAction("/t/acme/admin/people/\(id)/reactivate").status == .conflict)
            #expect(try await browser.get("/t/acme/admin/people/\(id)/erase").status == .conflict)
            let again = try await Browser(browser.client).signIn("acme", email: "candidate@acme.test")
            #expect(again.status != .seeOther, "the old email and password no longer sign in")
        }
    }

    @Test("Staff cannot be erased here; changing a redacted event afterwards breaks verification")
    func refusalsAndTampering() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let candidate = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'candidate@acme.test'").first?[0] ?? nil
            )
            let owner = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'owner@acme.test'").first?[0] ?? nil
            )
            #expect(try await browser.get("/t/acme/admin/people/\(owner)/erase").status == .forbidden)
            #expect(try await browser.get("/t/acme/admin/people/\(UUID())/erase").status == .notFound)
            let globex = try #require(
                try database.ownerQuery(tenant: tenants.globexID, "SELECT id FROM users WHERE email = 'candidate@globex.test'").first?[0] ?? nil
            )
            #expect(try await browser.get("/t/acme/admin/people/\(globex)/erase").status == .notFound, "another tenant's candidate")

            #expect(try await browser.peopleAction("/t/acme/admin/people/\(candidate)/deactivate").status == .seeOther)
            let token = try await browser.csrfToken(from: "/t/acme/admin/people/\(candidate)/erase")
            try database.sealAudit(tenant: tenants.acmeID)
            let erased = try await browser.post(
                "/t/acme/admin/people/\(candidate)/erase",
                form: ["_csrf": token, "confirm_email": "candidate@acme.test"]
            )
            #expect(erased.status == .seeOther)
            let redacted = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT min(seq) FROM audit_redactions").first?[0] ?? nil
            )
            _ = try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                WITH flag AS (SELECT set_config('app.audit_redact', 'on', true))
                UPDATE audit_events SET target_label = 'someone else' FROM flag WHERE seq = $1::bigint
                """,
                [redacted]
            )
            let chain = try database.ownerQuery(tenant: tenants.acmeID, "SELECT intact, problem FROM audit_verify_chain($1)", [tenants.acmeID])
            #expect(chain == [["f", "event \(redacted) was changed after personal data was erased from it"]])
        }
    }
}
