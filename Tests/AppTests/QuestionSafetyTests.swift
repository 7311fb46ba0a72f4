import App
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Question bank safety: tenants, immutable versions, pagination, limits, statistics")
struct QuestionSafetyTests {
    @Test("Another tenant's question ids are 404 on every question route, read or write")
    func crossTenant() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let id = try await browser.createQuestion(bank: bank, fields: ["prompt": "Acme's secret question"])
            browser.clearCookies()
            try await browser.signIn("globex", email: "owner@globex.test")
            let token = try await browser.csrfToken(from: "/t/globex/admin/questions")
            for path in ["", "/edit", "/history", "/diff?from=1&to=1", "/publish", "/translations/en"] {
                let response = try await browser.get("/t/globex/admin/questions/\(id)\(path)")
                #expect(response.status == .notFound, "GET \(path)")
                #expect(!response.text.contains("secret"))
            }
            for path in ["/edit", "/publish", "/archive", "/restore", "/revert", "/translations/fr"] {
                let response = try await browser.post(
                    "/t/globex/admin/questions/\(id)\(path)",
                    form: ["_csrf": token, "version": "1", "prompt": "x", "intent": "save"]
                )
                #expect(response.status == .notFound, "POST \(path)")
            }
            let category = try await browser.post("/t/globex/admin/banks/\(bank)/categories", form: ["_csrf": token, "name": "Mine"])
            #expect(category.status == .notFound)
            let list = try await browser.get("/t/globex/admin/questions?bank=\(bank)")
            #expect(!list.text.contains("secret"))
        }
    }

    @Test("The runtime role cannot change or delete a version, even inside its own tenant")
    func versionsImmutable() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let id = try await browser.createQuestion(bank: bank, fields: ["prompt": "Original"])
            let app = try database.appConnection()
            for statement in [
                "UPDATE question_versions SET prompt = 'Tampered' WHERE question_id = $1",
                "DELETE FROM question_versions WHERE question_id = $1",
            ] {
                #expect(throws: (any Error).self, "\(statement)") {
                    try app.transaction {
                        try database.claim(tenants.acmeID, on: app)
                        _ = try app.query(statement, [id])
                    }
                }
            }
            #expect(throws: (any Error).self) {
                try database.ownerQuery(tenant: tenants.acmeID, "UPDATE question_versions SET prompt = 'Owner' WHERE question_id = $1", [id])
            }
            let prompt = try database.ownerQuery(tenant: tenants.acmeID, "SELECT prompt FROM question_versions WHERE question_id = $1", [id])
            #expect(prompt.map { $0[0] } == ["Original"])
        }
    }

    @Test("Keyset pagination returns every question exactly once while new ones are being added")
    func paginationUnderInserts() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            try Self.seed(database, tenants.acmeID, bank: bank, count: 130, prefix: "Seeded")
            var seen: [String] = []
            var next: String? = "/t/acme/admin/questions?bank=\(bank)"
            var pages = 0
            while let uri = next, pages < 10 {
                let page = try await browser.get(uri.replacingOccurrences(of: "&amp;", with: "&"))
                seen += page.text.components(separatedBy: ">Seeded ").dropFirst().map { String($0.prefix { $0 != "<" }) }
                try Self.seed(database, tenants.acmeID, bank: bank, count: 3, prefix: "Later\(pages)")
                next = page.text.components(separatedBy: "<a href=\"").dropFirst().first {
                    $0.contains("rel=\"next\"") || $0.contains("\" rel=\"next")
                }
                .map { String($0.prefix { $0 != "\"" }) }
                pages += 1
            }
            #expect(seen.count == 130)
            #expect(Set(seen).count == 130)
        }
    }

    /// Inserts questions with one version each, as an import would, directly as the owner.
    static func seed(_ database: TestDatabase, _ tenantID: String, bank: String, count: Int, prefix: String) throws {
        try database.ownerQuery(
            tenant: tenantID,
            """
            WITH q AS (
                INSERT INTO questions (tenant_id, bank_id, language, latest_version, updated_at)
                SELECT $1, $2, 'en', 1, now() - make_interval(secs => n) FROM generate_series(1, $3::int) n RETURNING id)
            INSERT INTO question_versions (tenant_id, question_id, number, language, prompt, level, difficulty, author_name)
            SELECT $1, q.id, 1, 'en', $4 || ' ' || row_number() OVER (), 'mid', 'easy', 'Seeder' FROM q
            """,
            [tenantID, bank, String(count), prefix]
        )
    }

    @Test("The plan's question limit is named in the refusal")
    func planLimit() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("globex", email: "owner@globex.test")
            let bank = try await browser.createBank("globex")
            try Self.seed(database, tenants.globexID, bank: bank, count: 50, prefix: "Filler")
            let token = try await browser.csrfToken(from: "/t/globex/admin/questions/new")
            let refused = try await browser.post(
                "/t/globex/admin/questions/new",
                form: ["_csrf": token, "bank": bank, "prompt": "One too many", "level": "mid", "difficulty": "easy", "intent": "save"]
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Your plan (Free) allows 50 questions and all are in use."))
            #expect(refused.text.contains("One too many"))
        }
    }

    @Test("Per-version statistics come from answers, and a version far from its bank's mean needs checking")
    func statistics() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let hard = try await browser.createQuestion(bank: bank, fields: ["prompt": "A very hard one"])
            _ = try await browser.createQuestion(bank: bank, fields: ["prompt": "A fair one"])
            _ = try await browser.createQuestion(bank: bank, fields: ["prompt": "Another fair one"])
            try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                INSERT INTO answers (tenant_id, question_id, version_number, language, user_id, score)
                SELECT $1, q.id, 1, 'en', u.id, CASE WHEN q.id = $2::uuid THEN 20 + n ELSE 60 + n END
                  FROM questions q, users u, generate_series(1, 6) n
                 WHERE q.tenant_id = $1 AND u.tenant_id = $1 AND u.email = 'candidate@acme.test'
                """,
                [tenants.acmeID, hard]
            )
            let page = try await browser.get("/t/acme/admin/questions/\(hard)")
            let row = "<td>1</td><td>6</td><td>23.5</td><td>1.9</td><td>50.2</td>"
            #expect(page.text.contains(row + "<td><span class=\"badge bad\">needs checking</span>"))
            let flagged = try await browser.get("/t/acme/admin/questions?needs_checking=1")
            #expect(flagged.text.contains("A very hard one"))
            #expect(!flagged.text.contains("A fair one"))
        }
    }
}
