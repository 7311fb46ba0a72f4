import App
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Bulk publish, archive, move and tag from the question list")
struct QuestionBulkTests {
    /// Posts the list's bulk form for `ids` and returns the review page.
    static func review(_ browser: Browser, ids: [String], _ fields: [String: String]) async throws -> TestResponse {
        let token = try await browser.csrfToken(from: "/t/acme/admin/questions")
        var form = ["_csrf": token, "list": "q=event"].merging(fields) { $1 }
        for id in ids { form["q_\(id)"] = "1" }
        return try await browser.post("/t/acme/admin/questions/bulk", form: form)
    }

    /// Confirms a review page as shown.
    static func confirm(_ browser: Browser, _ review: TestResponse) async throws -> TestResponse {
        let form = Browser.formFields(review.text)
        try #require(form["digest"] != nil, "the review page carries its plan's digest")
        return try await browser.post("/t/acme/admin/questions/bulk/apply", form: form)
    }

    @Test("The review names exactly what changes; confirming publishes those, one audit event each; other tenants' ids are ignored")
    func publishExactCount() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("globex", email: "owner@globex.test")
            let foreign = try await browser.createQuestion("globex", bank: try await browser.createBank("globex"), fields: ["prompt": "Globex only"])
            browser.clearCookies()
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            var ids: [String] = []
            for n in 1...3 { ids.append(try await browser.createQuestion(bank: bank, fields: ["prompt": "Event question \(n)"])) }
            let token = try await browser.csrfToken(from: "/t/acme/admin/questions/\(ids[0])/publish")
            _ = try await browser.post("/t/acme/admin/questions/\(ids[0])/publish", form: ["_csrf": token, "version": "1"])

            let review = try await Self.review(browser, ids: ids + [foreign], ["action": "publish"])
            #expect(review.status == .ok)
            #expect(review.text.contains("Publish 2 questions?"))
            #expect(review.text.contains("Event question 1 <span class=\"muted\">— already published at its latest version"))
            #expect(!review.text.contains("Globex only"))
            let done = try await Self.confirm(browser, review)
            #expect(done.status == .seeOther)
            #expect(done.location == "/t/acme/admin/questions?q=event&bulk_done=1", "back to the same filtered list")
            let states = try database.ownerQuery(tenant: tenants.acmeID, "SELECT status, published_version FROM questions ORDER BY created_at")
            #expect(states.allSatisfy { $0 == ["published", "1"] })
            let events = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM audit_events WHERE action = 'question.published'")
            #expect(events == [["3"]], "one event per question: the single publish and the two in bulk")
            let globex = try database.ownerQuery(tenant: tenants.globexID, "SELECT status FROM questions")
            #expect(globex == [["draft"]])
        }
    }

    @Test("If the questions change between review and confirmation, nothing is done and the new plan is shown")
    func staleReviewChangesNothing() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let first = try await browser.createQuestion(bank: bank, fields: ["prompt": "Event one"])
            let second = try await browser.createQuestion(bank: bank, fields: ["prompt": "Event two"])
            let review = try await Self.review(browser, ids: [first, second], ["action": "archive"])
            #expect(review.text.contains("Archive 2 questions?"))
            try await browser.editQuestion(id: second, changes: ["prompt": "Event two, reworded"])
            let stale = try await Self.confirm(browser, review)
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("changed since you reviewed this, so nothing was done"))
            let archived = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM questions WHERE status = 'archived'")
            #expect(archived == [["0"]])
            #expect(try await Self.confirm(browser, stale).status == .seeOther, "the new plan can be confirmed")
            let after = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM questions WHERE status = 'archived'")
            #expect(after == [["2"]])
        }
    }

    @Test("Tagging makes a new version with the tag; moving stays within each question's bank")
    func tagAndMove() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            _ = try await browser.createBank(name: "People")
            let other = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM question_banks WHERE name = 'People'").first?[0] ?? nil
            )
            let token = try await browser.csrfToken(from: "/t/acme/admin/banks")
            _ = try await browser.post("/t/acme/admin/banks/\(bank)/categories", form: ["_csrf": token, "name": "Frontend"])
            let tagged = try await browser.createQuestion(bank: bank, fields: ["prompt": "Event loop", "tags": "javascript"])
            let elsewhere = try await browser.createQuestion(bank: other, fields: ["prompt": "Conflict at work"])

            let tagReview = try await Self.review(browser, ids: [tagged, elsewhere], ["action": "tag", "tag": " Frontend "])
            #expect(tagReview.text.contains("Add the tag “frontend” to 2 questions?"))
            #expect(try await Self.confirm(browser, tagReview).status == .seeOther)
            let versions = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT q.latest_version, v.tags::text, v.change_note FROM questions q JOIN question_versions v ON v.question_id = q.id AND v.number = q.latest_version WHERE q.id = $1",
                [tagged]
            )
            #expect(versions == [["2", "{javascript,frontend}", "Added the tag “frontend”"]])

            let category = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM question_categories WHERE bank_id = $1", [bank]).first?[0] ?? nil
            )
            let moveReview = try await Self.review(browser, ids: [tagged, elsewhere], ["action": "move", "category": category])
            #expect(moveReview.text.contains("Move to Frontend 1 question?"))
            #expect(moveReview.text.contains("in another bank (People)"))
            #expect(try await Self.confirm(browser, moveReview).status == .seeOther)
            let placed = try database.ownerQuery(tenant: tenants.acmeID, "SELECT category_id FROM questions WHERE id = $1", [tagged])
            #expect(placed == [[category]])
        }
    }

    @Test("No selection, an unknown action or a bad tag is a 422 page that says what to do")
    func mistakes() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let bank = try await browser.createBank()
            let id = try await browser.createQuestion(bank: bank, fields: ["prompt": "Event"])
            let none = try await Self.review(browser, ids: [], ["action": "publish"])
            #expect(none.status == .unprocessableContent)
            #expect(none.text.contains("Select at least one question"))
            #expect(try await Self.review(browser, ids: [id], ["action": "delete"]).status == .unprocessableContent)
            let badTag = try await Self.review(browser, ids: [id], ["action": "tag", "tag": String(repeating: "x", count: 41)])
            #expect(badTag.text.contains("1 to 40 characters"))
            let badCategory = try await Self.review(browser, ids: [id], ["action": "move", "category": UUID().uuidString])
            #expect(badCategory.status == .unprocessableContent)
        }
    }
}
