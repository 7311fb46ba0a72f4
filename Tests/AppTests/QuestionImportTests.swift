import App
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Question import and export over HTTP")
struct QuestionImportTests {
    static let csv = """
        external_key,category,prompt,level,difficulty,tags
        js-1,,Explain closures in JavaScript.,mid,medium,javascript | closures
        py-1,,What is a Python generator?,junior,easy,python
        bad-1,,,mid,medium,
        js-1,,Explain closures again.,mid,medium,javascript

        """

    static func count(_ database: TestDatabase, _ tenants: TwoTenants, _ table: String) throws -> Int {
        Int(try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM \(table) WHERE tenant_id = $1", [tenants.acmeID])[0][0] ?? "") ?? -1
    }

    @Test("The dry run lists every row with its line and writes nothing; apply does exactly that; a re-import makes versions, not copies")
    func dryRunEqualsApply() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let dry = try await browser.uploadQuestions(bank: bank, filename: "bank.csv", content: Self.csv)
            #expect(dry.status == .ok)
            #expect(dry.text.contains("<dt>New questions</dt><dd>2</dd>"))
            #expect(dry.text.contains("<td>4</td>"), "the missing prompt is reported on its line")
            #expect(dry.text.contains("Rejected"))
            #expect(try Self.count(database, tenants, "questions") == 0, "a dry run writes nothing")

            let digest = try #require(dry.text.components(separatedBy: "name=\"digest\" value=\"").last?.prefix(64))
            let apply = try #require(dry.text.components(separatedBy: "action=\"").first { $0.hasPrefix("/t/acme/admin/questions/import/") })
            let token = try #require(Browser.csrf(in: dry.text))
            let applied = try await browser.post(String(apply.prefix { $0 != "\"" }), form: ["_csrf": token, "digest": String(digest)])
            #expect(applied.status == .seeOther)
            #expect(try Self.count(database, tenants, "questions") == 2)
            #expect(try Self.count(database, tenants, "question_versions") == 2)
            let again = try await browser.post(String(apply.prefix { $0 != "\"" }), form: ["_csrf": token, "digest": String(digest)])
            #expect(again.status == .conflict, "an upload is applied once")

            let changed = Self.csv.replacingOccurrences(
                of: "What is a Python generator?",
                with: "What is a Python generator and when would you use one?"
            )
            let second = try await browser.uploadQuestions(bank: bank, filename: "bank.csv", content: changed)
            #expect(second.text.contains("<dt>New versions</dt><dd>1</dd>"))
            #expect(second.text.contains("<dt>Duplicates (no change)</dt><dd>1</dd>"))
        }
    }

    @Test("A broken file names the line where it broke and changes nothing")
    func brokenFile() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let broken = "external_key,prompt\nk1,Fine question\nk2,\"Unterminated quote\nk3,Another\n"
            let response = try await browser.uploadQuestions(bank: bank, filename: "broken.csv", content: broken)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Line 3"), "\(response.text)")
            #expect(try Self.count(database, tenants, "questions") == 0)
            #expect(try Self.count(database, tenants, "question_imports") == 0)
        }
    }

    @Test("JSON export, import into an empty bank and export again give the same bytes")
    func jsonRoundTrip() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let first = try await browser.createBank(name: "Source")
            _ = try await browser.createQuestion(
                bank: first,
                fields: [
                    "prompt": "Tell me about a **conflict** — and how it ended.", "tags": "star, behavioural",
                    "criteria": "Structure: 40\nResult: 60",
                ]
            )
            _ = try await browser.createQuestion(
                bank: first,
                fields: ["prompt": "Design a URL shortener.", "external_key": "sd-1", "time_limit_seconds": "900"]
            )
            let exported = try await browser.get("/t/acme/admin/questions/export?bank=\(first)&format=json")
            #expect(exported.status == .ok)
            let second = try await browser.createBank(name: "Copy")
            let dry = try await browser.uploadQuestions(bank: second, filename: "export.json", content: exported.text)
            let digest = try #require(dry.text.components(separatedBy: "name=\"digest\" value=\"").last?.prefix(64))
            let apply = try #require(dry.text.components(separatedBy: "action=\"").first { $0.hasPrefix("/t/acme/admin/questions/import/") })
            let token = try #require(Browser.csrf(in: dry.text))
            _ = try await browser.post(String(apply.prefix { $0 != "\"" }), form: ["_csrf": token, "digest": String(digest)])
            let reexported = try await browser.get("/t/acme/admin/questions/export?bank=\(second)&format=json")
            #expect(reexported.text == exported.text)
            #expect(exported.text.contains("Design a URL shortener."))
            // The rubric travels too: the list page reads questions without it, an export must not.
            #expect(exported.text.contains("\"Structure\"") && exported.text.contains("\"Result\""))
        }
    }
}
