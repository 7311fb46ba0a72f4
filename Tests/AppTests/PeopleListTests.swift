import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("People list: search, filters, sorts, a total and keyset pages")
struct PeopleListTests {
    /// The emails listed on a people page, in order.
    static func emails(_ page: TestResponse) -> [String] {
        page.text.matches(of: /<td>([^<@]+@acme\.test)<\/td>/).map { String($0.output.1) }
    }

    @Test("Filters narrow and count; pages sorted by name return everyone exactly once")
    func filtersAndPages() async throws {
        try await withApp { browser, database, tenants in
            try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                INSERT INTO users (tenant_id, email, name, role, status, last_sign_in_at)
                SELECT $1, 'person' || n || '@acme.test', 'Person ' || lpad(n::text, 2, '0'),
                       CASE WHEN n % 5 = 0 THEN 'editor' ELSE 'candidate' END, CASE WHEN n % 7 = 0 THEN 'deactivated' ELSE 'active' END,
                       CASE WHEN n % 2 = 0 THEN now() - interval '2 days' WHEN n % 3 = 0 THEN now() - interval '90 days' END
                  FROM generate_series(1, 60) n
                """,
                [tenants.acmeID]
            )
            try await browser.signIn("acme", email: "owner@acme.test")
            let all = try await browser.get("/t/acme/admin/people?sort=name")
            #expect(all.text.contains("<h2 id=\"people-heading\">62 people</h2>"))
            var seen = Self.emails(all)
            var next = all.text.firstMatch(of: /href="(\/t\/acme\/admin\/people\?[^"]*after=[^"]+)" rel="next"/).map { String($0.output.1) }
            while let link = next {
                let page = try await browser.get(link.replacingOccurrences(of: "&amp;", with: "&"))
                seen += Self.emails(page)
                next = page.text.firstMatch(of: /href="(\/t\/acme\/admin\/people\?[^"]*after=[^"]+)" rel="next"/).map { String($0.output.1) }
            }
            #expect(seen.count == 62 && Set(seen).count == 62, "every person once across pages (\(seen.count))")
            #expect(seen.filter { $0.hasPrefix("person") } == (1...60).map { "person\($0)@acme.test" }, "by name: Person 01…60")

            let editors = try await browser.get("/t/acme/admin/people?role=editor&status=active")
            #expect(Self.emails(editors).count == 11, "12 editors, one of them (35) deactivated: \(Self.emails(editors))")
            #expect(editors.text.contains("11 people match the filter"))
            let never = try await browser.get("/t/acme/admin/people?activity=never&q=person1")
            #expect(
                Self.emails(never) == ["person11@acme.test", "person13@acme.test", "person17@acme.test", "person19@acme.test", "person1@acme.test"]
            )
            let idle = try await browser.get("/t/acme/admin/people?activity=idle&q=person3")
            #expect(Self.emails(idle) == ["person33@acme.test", "person39@acme.test", "person3@acme.test"], "by email, byte order")
            let nobody = try await browser.get("/t/acme/admin/people?q=zzz")
            #expect(nobody.text.contains("Nobody matches this filter."))
            let junk = try await browser.get("/t/acme/admin/people?role=emperor&sort=%3Cscript%3E&after=x_y")
            #expect(junk.status == .ok)
            #expect(!junk.text.contains("emperor") && !junk.text.contains("<script>"), "invalid values are ignored, never echoed")
        }
    }

    @Test("The permission matrix is the enforced table: each role's cells and each permission's routes")
    func permissionMatrix() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let page = try await browser.get("/t/acme/admin/people/permissions")
            #expect(page.status == .ok)
            let row = try #require(
                page.text.firstMatch(of: /<th scope="row">Publish, archive and restore[\s\S]*?<\/tr>/).map { String($0.output) }
            )
            #expect(row.contains("<code>POST /admin/questions/bulk/apply</code>"))
            #expect(row.contains("Editor: allowed") && row.contains("Translator: not allowed") && row.contains("Auditor: not allowed"))
            browser.clearCookies()
            try await browser.signIn("acme", email: "candidate@acme.test")
            #expect(try await browser.get("/t/acme/admin/people/permissions").status == .forbidden)
        }
    }
}
