import App
import Foundation
import HTTPTypes
import Testing

@Suite("Templates draw from chosen banks and categories")
struct TemplateSourcesTests {
    @Test("A ticked category narrows its bank to its tree, a ticked bank is drawn whole; foreign ids are refused")
    func categoriesAndBanks() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let engineering = try await browser.createBank()
            _ = try await browser.createBank(name: "People")
            let people = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM question_banks WHERE name = 'People'").first?[0] ?? nil
            )
            func category(_ name: String, parent: String? = nil) async throws -> String {
                let token = try await browser.csrfToken(from: "/t/acme/admin/banks")
                var form = ["_csrf": token, "name": name]
                if let parent { form["parent"] = parent }
                #expect(try await browser.post("/t/acme/admin/banks/\(engineering)/categories", form: form).status == .seeOther)
                let sql = "SELECT id FROM question_categories WHERE bank_id = $1 AND name = $2"
                return try #require(try database.ownerQuery(tenant: tenants.acmeID, sql, [engineering, name]).first?[0] ?? nil)
            }
            let backend = try await category("Backend")
            let databases = try await category("Databases", parent: backend)
            let frontend = try await category("Frontend")
            let wanted = [
                try await browser.publishedQuestion(bank: engineering, prompt: "How do you shard a table?", fields: ["category": databases]),
                try await browser.publishedQuestion(bank: engineering, prompt: "Design a cache layer.", fields: ["category": backend]),
            ]
            _ = try await browser.publishedQuestion(bank: engineering, prompt: "Explain the event loop.", fields: ["category": frontend])
            let conflict = try await browser.publishedQuestion(bank: people, prompt: "Tell us about a conflict.")

            let page = try await browser.get("/t/acme/admin/templates")
            #expect(page.text.contains("name=\"category_\(backend)\"") && page.text.contains("Engineering: Backend / Databases"))
            let foreign = try await browser.createTemplate(["name": "Bad", "category_\(UUID().uuidString.lowercased())": "1"])
            #expect(foreign.status == .unprocessableContent && foreign.text.contains("Categories: choose among the listed categories."))
            let saved = try await browser.createTemplate([
                "name": "Backend and people", "question_count": "4", "bank_\(people)": "1", "category_\(backend)": "1",
            ])
            #expect(saved.status == .seeOther)
            let list = try await browser.get("/t/acme/admin/templates")
            #expect(list.text.contains("Engineering: Backend, People"), "the list names where it draws from")

            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            let interview = try await candidate.startInterview()
            let id = try #require(interview.split(separator: "/").last.map(String.init))
            let drawn = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT question_id::text FROM interview_questions WHERE interview_id = $1 ORDER BY question_id",
                [id]
            )
            #expect(drawn.map { $0[0] ?? "" } == (wanted + [conflict]).sorted(), "the Backend tree and the People bank, not Frontend")
        }
    }
}
