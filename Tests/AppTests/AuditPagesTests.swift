import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Audit log pages")
struct AuditPagesTests {
    /// Appends `count` sign-in failures to acme's chain as the owner would see them.
    static func addEvents(_ database: TestDatabase, tenantID: String, count: Int, label: String = "bulk@acme.test") throws {
        try database.ownerQuery(
            tenant: tenantID,
            """
            INSERT INTO audit_events (tenant_id, actor_label, action, outcome, details, prev_hash, hash)
            SELECT $1, $2, 'auth.sign_in_failed', 'failure', jsonb_build_object('n', n::text), '', ''
              FROM generate_series(1, $3::int) n
            """,
            [tenantID, label, String(count)]
        )
    }

    @Test("The owner sees the log, newest first, with actor snapshots and a link to each event")
    func listShowsEvents() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let page = try await browser.get("/t/acme/admin/audit")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Audit log</h1>"))
            #expect(page.text.contains("Signed in"))
            #expect(page.text.contains("Olivia Owner"))
            #expect(page.text.contains("Organisation created"))
            #expect(page.text.contains("The chain has not been verified yet."))
            let signIn = try #require(page.text.range(of: "auth.sign_in<"))
            let created = try #require(page.text.range(of: "tenant.created<"))
            #expect(signIn.lowerBound < created.lowerBound, "newest first")
        }
    }

    @Test("Filters narrow the list; a bad date is explained and what was typed is kept")
    func filters() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test", password: "wrong password 1")
            try await browser.signIn("acme", email: "owner@acme.test")
            let failures = try await browser.get("/t/acme/admin/audit?action=auth.sign_in_failed")
            #expect(Self.table(failures.text).contains("Sign-in failed"))
            #expect(!Self.table(failures.text).contains("Organisation created"))
            #expect(failures.text.contains("<option value=\"auth.sign_in_failed\" selected>"))

            let byOutcome = try await browser.get("/t/acme/admin/audit?outcome=success&target_type=tenant")
            #expect(Self.table(byOutcome.text).contains("Organisation created"))
            #expect(!Self.table(byOutcome.text).contains("Sign-in failed"))

            let bad = try await browser.get("/t/acme/admin/audit?from=yesterday&actor=owner%40acme.test")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("“From” must be a date such as 2026-11-23."))
            #expect(bad.text.contains("value=\"yesterday\""))
            #expect(bad.text.contains("value=\"owner@acme.test\""))

            let future = try await browser.get("/t/acme/admin/audit?from=2099-01-01")
            #expect(future.text.contains("No events match this filter."))
        }
    }

    @Test("Keyset pagination walks every event exactly once")
    func pagination() async throws {
        try await withApp { browser, database, tenants in
            try Self.addEvents(database, tenantID: tenants.acmeID, count: 120)
            try database.sealAudit(tenant: tenants.acmeID)
            try await browser.signIn("acme", email: "owner@acme.test")
            var seen: [Int] = []
            var next: String? = "/t/acme/admin/audit?action=auth.sign_in_failed"
            var pages = 0
            while let uri = next, pages < 10 {
                let page = try await browser.get(uri)
                #expect(page.status == .ok)
                seen += Self.seqs(in: page.text)
                next = Self.olderLink(in: page.text)
                pages += 1
            }
            #expect(pages == 3)
            #expect(seen.count == 120)
            #expect(Set(seen).count == 120)
            #expect(seen == seen.sorted(by: >))
        }
    }

    @Test("Candidates cannot read the log, and the refusal is recorded")
    func candidatesRefused() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "candidate@acme.test")
            #expect(try await browser.get("/t/acme/admin/audit").status == .forbidden)
            #expect(try await browser.get("/t/acme/admin/audit/export?format=csv").status == .forbidden)
            let denied = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT actor_email, outcome FROM audit_events WHERE action = 'security.access_denied'"
            )
            #expect(denied == [["candidate@acme.test", "denied"], ["candidate@acme.test", "denied"]])
        }
    }

    @Test("Another tenant's events never appear, and their ids are 404")
    func isolation() async throws {
        try await withApp { browser, database, tenants in
            try Self.addEvents(database, tenantID: tenants.globexID, count: 3, label: "spy@globex.test")
            let globexEvent = try database.ownerQuery(tenant: tenants.globexID, "SELECT id FROM audit_events LIMIT 1")[0][0]!
            try await browser.signIn("acme", email: "owner@acme.test")
            let list = try await browser.get("/t/acme/admin/audit?actor=spy%40globex.test")
            #expect(list.text.contains("No events match this filter."))
            let all = try await browser.get("/t/acme/admin/audit")
            #expect(!Self.table(all.text).contains("spy@globex.test"))
            #expect(try await browser.get("/t/acme/admin/audit/\(globexEvent)").status == .notFound)
            let export = try await browser.get("/t/acme/admin/audit/export?format=jsonl")
            #expect(!export.text.contains("\"actor\":\"spy@globex.test\""))
            #expect(export.text.contains("\"actor\":\"owner@acme.test\""))
            #expect(try await browser.get("/t/acme/admin/audit/not-a-uuid").status == .notFound)
        }
    }

    @Test("The detail page shows before and after, and reading it is audited")
    func detailWithDiff() async throws {
        try await withApp { browser, database, tenants in
            try await database.withOperator { admin in
                try await admin.suspend(slug: "acme", reason: "invoice overdue")
                try await admin.resume(slug: "acme")
            }
            try await browser.signIn("acme", email: "owner@acme.test")
            let list = try await browser.get("/t/acme/admin/audit?action=tenant.suspended")
            let link = try #require(Self.firstEventLink(in: list.text))
            let detail = try await browser.get(link)
            #expect(detail.status == .ok)
            #expect(detail.text.contains("Organisation suspended"))
            #expect(
                detail.text.contains(
                    "<tr class=\"changed\"><th scope=\"row\">status</th><td class=\"before\">active</td><td class=\"after\">suspended</td></tr>"
                )
            )
            #expect(detail.text.contains("invoice overdue"))
            #expect(detail.text.contains("All events for this target"))
            let reads = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT target_type FROM audit_events WHERE action = 'audit.read' ORDER BY pos"
            )
            #expect(reads == [["audit_log"], ["audit_event"]])
        }
    }

    @Test("Verify now shows the chain badge")
    func verifyBadge() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let token = try await browser.csrfToken(from: "/t/acme/admin/audit")
            let response = try await browser.post("/t/acme/admin/audit/verify", form: ["_csrf": token])
            #expect(response.status == .seeOther)
            let page = try await browser.get(try #require(response.location))
            // tenant.created, user.created, auth.sign_in, audit.read (the page the token came from).
            #expect(page.text.contains("chain intact up to seq 4"))
            #expect(page.text.contains("checked"))
        }
    }

    @Test("CSV export neutralises formulas and is audited; JSON Lines parse line by line")
    func exports() async throws {
        try await withApp { browser, database, tenants in
            try Self.addEvents(database, tenantID: tenants.acmeID, count: 1, label: "=HYPERLINK(\"http://evil\")")
            try Self.addEvents(database, tenantID: tenants.acmeID, count: 1, label: "+1+2")
            try Self.addEvents(database, tenantID: tenants.acmeID, count: 1, label: "-2")
            try Self.addEvents(database, tenantID: tenants.acmeID, count: 1, label: "@SUM(A1)")
            try await browser.signIn("acme", email: "owner@acme.test")
            let csv = try await browser.get("/t/acme/admin/audit/export?format=csv&action=auth.sign_in_failed")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"audit-acme-") == true)
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasPrefix("\"seq\",\"occurred_at\",\"actor\"") == true)
            #expect(lines.count == 5)
            #expect(csv.text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""))
            #expect(csv.text.contains("\"'+1+2\""))
            #expect(csv.text.contains("\"'-2\""))
            #expect(csv.text.contains("\"'@SUM(A1)\""))
            for line in lines.dropFirst() {
                let cells = line.split(separator: ",")
                #expect(cells.allSatisfy { cell in !["=", "+", "-", "@"].contains(cell.dropFirst().first.map(String.init) ?? "") })
            }

            try database.sealAudit(tenant: tenants.acmeID)
            let jsonl = try await browser.get("/t/acme/admin/audit/export?format=jsonl")
            let objects = try jsonl.text.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(objects.count >= 8)
            #expect(objects.first?["seq"] as? Int == 1)
            #expect((objects.first?["details"] as? [String: Any])?["plan"] as? String == "team")

            let exports = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT details->>'format', details->>'filter' FROM audit_events WHERE action = 'audit.exported' ORDER BY pos"
            )
            #expect(exports == [["csv", "action=auth.sign_in_failed"], ["jsonl", "all events"]])
        }
    }

    /// The events table only, without the filter form's option labels.
    static func table(_ html: String) -> String {
        guard let start = html.range(of: "id=\"events-heading\"") else { return "" }
        return String(html[start.lowerBound...])
    }

    static func seqs(in html: String) -> [Int] {
        html.components(separatedBy: "<td class=\"num\"><a href=\"").dropFirst().compactMap { chunk in
            guard let close = chunk.range(of: "\">") else { return nil }
            return Int(chunk[close.upperBound...].prefix { $0.isNumber })
        }
    }

    static func olderLink(in html: String) -> String? {
        guard let next = html.range(of: "rel=\"next\""),
            let range = html.range(of: "<a href=\"", options: .backwards, range: html.startIndex..<next.lowerBound)
        else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
    }

    static func firstEventLink(in html: String) -> String? {
        guard let range = html.range(of: "<td class=\"num\"><a href=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}
