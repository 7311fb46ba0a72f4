import App
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Question bank: create, edit, versions, diff, revert, publish")
struct QuestionBankTests {
    @Test("The list names each question's bank and category, on its first page and when filtered")
    func listNamesBankAndCategory() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank(name: "Platform")
            func category(_ name: String, parent: String? = nil) async throws -> String {
                var form = ["_csrf": try await browser.csrfToken(from: "/t/acme/admin/banks"), "name": name]
                if let parent { form["parent"] = parent }
                #expect(try await browser.post("/t/acme/admin/banks/\(bank)/categories", form: form).status == .seeOther)
                let sql = "SELECT id FROM question_categories WHERE bank_id = $1 AND name = $2"
                return try #require(try database.ownerQuery(tenant: tenants.acmeID, sql, [bank, name]).first?[0] ?? nil)
            }
            let databases = try await category("Databases", parent: try await category("Backend"))
            _ = try await browser.createQuestion(bank: bank, fields: ["prompt": "How do you shard a table?", "category": databases])
            _ = try await browser.createQuestion(bank: bank, fields: ["prompt": "Which sharding key would you choose?"])
            for path in ["/t/acme/admin/questions", "/t/acme/admin/questions?q=shard", "/t/acme/admin/questions?bank=\(bank)"] {
                let list = try await browser.get(path)
                #expect(list.text.contains("<td>Platform › Backend / Databases</td>"), "\(path): bank and category path")
                #expect(list.text.contains("<td>Platform</td>"), "\(path): a question in no category shows its bank alone")
            }
        }
    }

    @Test("An editor creates a question, edits it into version 2, compares and reverts; nothing is overwritten")
    func versionsDiffRevert() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let id = try await browser.createQuestion(
                bank: bank,
                fields: ["prompt": "Explain the **event loop** in JavaScript.", "tags": "javascript, Async", "criteria": "Accuracy: 60\nClarity: 40"]
            )
            let shown = try await browser.get("/t/acme/admin/questions/\(id)?created=1")
            #expect(shown.text.contains("<strong>event loop</strong>"))
            #expect(shown.text.contains("Draft: candidates do not see this question yet."))
            #expect(shown.text.contains("weight 60"))

            let saved = try await browser.editQuestion(id: id, changes: ["prompt": "Explain the **event loop** in Node.js.", "change_note": "Node"])
            #expect(saved.status == .seeOther)
            let history = try await browser.get("/t/acme/admin/questions/\(id)/history")
            #expect(history.text.contains("Node"))
            #expect(history.text.contains("Olivia Owner"))

            let diff = try await browser.get("/t/acme/admin/questions/\(id)/diff?from=1&to=2")
            #expect(diff.text.contains("<del>JavaScript.</del>"))
            #expect(diff.text.contains("<ins>Node.js.</ins>"))
            #expect(!diff.text.contains("<dt>Tags</dt>"), "unchanged fields are left out")

            let same = try await browser.editQuestion(id: id, changes: ["prompt": "  Explain the **event loop** in Node.js.  "])
            #expect(same.location?.hasSuffix("unchanged=1") == true, "whitespace alone makes no version")

            let token = try await browser.csrfToken(from: "/t/acme/admin/questions/\(id)/history")
            let reverted = try await browser.post("/t/acme/admin/questions/\(id)/revert", form: ["_csrf": token, "version": "1"])
            #expect(reverted.status == .seeOther)
            let versions = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT number, prompt, change_note FROM question_versions WHERE question_id = $1 ORDER BY number",
                [id]
            )
            #expect(versions.map { $0[0] } == ["1", "2", "3"])
            #expect(versions[2][1] == versions[0][1])
            #expect(versions[2][2] == "Reverted to version 1")
            let events = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT action FROM audit_events WHERE target_type = 'question' AND lower(target_id) = $1 ORDER BY pos",
                [id]
            ).map { $0[0] ?? "" }
            #expect(events == ["question.created", "question.edited", "question.edited", "question.reverted"])
        }
    }

    @Test("A save on top of a newer version is refused and keeps what the editor typed")
    func staleSave() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let id = try await browser.createQuestion(bank: bank, fields: ["prompt": "Describe a time you disagreed with a manager."])
            let page = try await browser.get("/t/acme/admin/questions/\(id)/edit")
            var stale = Browser.formFields(page.text)
            try await browser.editQuestion(id: id, changes: ["prompt": "Describe a time you disagreed with your lead."])
            stale["prompt"] = "My own careful rewrite"
            stale["intent"] = "save"
            let refused = try await browser.post("/t/acme/admin/questions/\(id)/edit", form: stale)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Someone saved version 2 while you were editing version 1."))
            #expect(refused.text.contains("My own careful rewrite"))
        }
    }

    @Test("Bad input is explained field by field and nothing typed is lost")
    func problems() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let token = try await browser.csrfToken(from: "/t/acme/admin/questions/new")
            let response = try await browser.post(
                "/t/acme/admin/questions/new",
                form: [
                    "_csrf": token, "bank": bank, "prompt": "", "level": "guru", "difficulty": "hard", "time_limit_seconds": "soon",
                    "criteria": "Clarity\nDepth: 500", "hint": "Keep <this> text", "intent": "save",
                ]
            )
            #expect(response.status == .unprocessableContent)
            for message in [
                "Level: choose one of the listed levels.", "Time limit: a whole number, or leave it empty.",
                "Evaluation criteria: write each as “Name: weight”", "Prompt: write the question.",
            ] {
                #expect(response.text.contains(message), "\(message)")
            }
            #expect(response.text.contains("Keep &lt;this&gt; text"))
            #expect(response.text.contains("value=\"soon\""))
        }
    }

    @Test("Markdown is rendered safely: raw HTML and javascript: links never reach the page, in preview or after saving")
    func markdownXSS() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let attack = """
                Hello <script>alert(1)</script> <img src=x onerror=alert(2)>
                [click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) <a href="javascript:alert(4)">x</a>
                """
            let token = try await browser.csrfToken(from: "/t/acme/admin/questions/new")
            let preview = try await browser.post(
                "/t/acme/admin/questions/new",
                form: ["_csrf": token, "bank": bank, "prompt": attack, "level": "mid", "difficulty": "easy", "intent": "preview"]
            )
            let id = try await browser.createQuestion(bank: bank, fields: ["prompt": attack, "hint": attack, "sample_answer": attack])
            let shown = try await browser.get("/t/acme/admin/questions/\(id)")
            let previewSection = try #require(
                preview.text.components(separatedBy: "aria-label=\"Preview\"").last?.components(separatedBy: "</section>").first
            )
            #expect(previewSection.contains("Hello"))
            for rendered in [previewSection, shown.text] {
                #expect(!rendered.contains("<script>alert"))
                #expect(!rendered.contains("<img src=x onerror"))
                #expect(!rendered.contains("href=\"javascript:"))
                #expect(!rendered.contains("href=\"data:text/html"))
                #expect(rendered.contains("<a href=\"\">click</a>"))
            }
        }
    }
}
