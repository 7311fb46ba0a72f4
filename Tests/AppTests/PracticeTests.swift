import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Practice: templates, interviews one question at a time, scores and the dashboard")
struct PracticeTests {
    static let story =
        "At my last job our release pipeline failed every Friday. My task was to make deploys safe. I decided to add canary releases "
        + "and I wrote the rollback scripts myself, after I listened to both sides of a conflict about speed. As a result, failed deploys dropped from 6 a month to 1, and we learned to ship smaller changes."

    /// Two published behavioural questions with keywords and sample answers, and a template drawing both.
    static func prepare(_ browser: Browser) async throws -> [String] {
        try await browser.signIn("acme", email: "owner@acme.test")
        let bank = try await browser.createBank()
        let ids = [
            try await browser.publishedQuestion(
                bank: bank,
                prompt: "Tell us about a time you made releases safer.",
                fields: ["field": "Behavioural", "keywords": "release, rollback", "sample_answer": "Use **STAR**: situation, task, action, result."]
            ),
            try await browser.publishedQuestion(
                bank: bank,
                prompt: "Describe a conflict in your team and how it ended.",
                fields: ["field": "Behavioural", "keywords": "conflict, listen", "sample_answer": "Name the conflict and what you changed."]
            ),
        ]
        let bad = try await browser.createTemplate(["name": "", "question_count": "30", "kind": "behavioural"])
        #expect(bad.status == .unprocessableContent)
        #expect(bad.text.contains("Name: 1 to 200 characters.") && bad.text.contains("Questions: a whole number from 1 to 20."))
        #expect(bad.text.contains("value=\"30\""), "what was typed stays")
        let saved = try await browser.createTemplate(["name": "Behavioural warm-up", "kind": "behavioural", "minutes": "2"])
        #expect(saved.location == "/t/acme/admin/templates?template_saved=1")
        return ids
    }

    @Test("A candidate answers two questions, sees scores, feedback and the sample answer, and the dashboard counts it")
    func fullInterview() async throws {
        try await withApp { browser, database, tenants in
            let ids = try await Self.prepare(browser)
            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            #expect(try await candidate.get("/t/acme/").text.contains("Behavioural warm-up"))
            let interview = try await candidate.startInterview()
            let first = try await candidate.get(interview)
            #expect(first.text.contains("Question 1 of 2") && first.text.contains("2:00 left"), "the server's timer")
            #expect(try await candidate.answerCurrent(interview, Self.story).status == .seeOther)
            let again = try await candidate.post(
                interview + "/answer",
                form: ["_csrf": try #require(Browser.csrf(in: first.text)), "position": "1", "response": "a second try"]
            )
            #expect(again.status == .seeOther, "a repeated submit of question 1 changes nothing")
            #expect(try await candidate.get(interview).text.contains("Question 2 of 2"))
            #expect(try await candidate.answerCurrent(interview, "").status == .seeOther)

            let result = try await candidate.get(interview)
            #expect(result.text.contains("Behavioural warm-up: result"))
            #expect(result.text.contains("Sample answer") && result.text.contains("<strong>STAR</strong>"))
            #expect(result.text.contains("Clear STAR structure"), "feedback from the rubric")
            #expect(result.text.contains("No answer."))
            let answers = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT position, version_number, evaluator, word_count > 40, score > 50 FROM answers ORDER BY position"
            )
            #expect(answers == [["1", "1", "rubric-1", "t", "t"], ["2", "1", "rubric-1", "f", "f"]])
            let home = try await candidate.get("/t/acme/")
            #expect(home.text.contains("<h2>Interviews completed</h2><p class=\"figure\">1</p>"))
            #expect(!home.text.contains("Interview in progress"))
            _ = ids
        }
    }

    @Test("Another candidate's interview is a 404; another tenant's template cannot be started")
    func isolation() async throws {
        try await withApp { browser, database, _ in
            _ = try await Self.prepare(browser)
            try await database.withOperator { admin in
                try await admin.createUser(slug: "acme", email: "other@acme.test", name: "Other", role: .candidate, password: TwoTenants.password)
            }
            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            let interview = try await candidate.startInterview()
            let other = Browser(browser.client)
            try await other.signIn("acme", email: "other@acme.test")
            #expect(try await other.get(interview).status == .notFound)
            let token = try await other.csrfToken(from: "/t/acme/")
            #expect(try await other.post(interview + "/abandon", form: ["_csrf": token]).status == .notFound)
            let globex = Browser(browser.client)
            try await globex.signIn("globex", email: "candidate@globex.test")
            let home = try await candidate.get("/t/acme/")
            let start = try #require(home.text.range(of: #"practice/start/[0-9a-f-]{36}"#, options: .regularExpression))
            let globexToken = try await globex.csrfToken(from: "/t/globex/")
            #expect(try await globex.post("/t/globex/" + home.text[start], form: ["_csrf": globexToken]).status == .notFound)
        }
    }

    @Test("An interrupted interview resumes where it stopped; the answer keeps its version after the question moves on")
    func resumeAndVersions() async throws {
        try await withApp { browser, database, tenants in
            let ids = try await Self.prepare(browser)
            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            let interview = try await candidate.startInterview()
            _ = try await candidate.answerCurrent(interview, Self.story)
            let answered = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT question_id FROM answers WHERE position = 1").first?[0] ?? nil
            )
            #expect(ids.contains(answered))
            #expect(try await browser.editQuestion(id: answered, changes: ["prompt": "A new wording of the question."]).status == .seeOther)
            let token = try await browser.csrfToken(from: "/t/acme/admin/questions/\(answered)/publish")
            _ = try await browser.post("/t/acme/admin/questions/\(answered)/publish", form: ["_csrf": token, "version": "2"])

            let later = Browser(browser.client)
            try await later.signIn("acme", email: "candidate@acme.test")
            let home = try await later.get("/t/acme/")
            #expect(home.text.contains("Interview in progress") && home.text.contains("1 of 2 answered"))
            #expect(try await later.get(interview).text.contains("Question 2 of 2"))
            let version = try database.ownerQuery(tenant: tenants.acmeID, "SELECT version_number FROM answers WHERE position = 1")
            #expect(version == [["1"]], "the answer keeps the version it was given against")
            let abandon = try await later.post(interview + "/abandon", form: ["_csrf": try #require(Browser.csrf(in: home.text))])
            #expect(abandon.location == "/t/acme/?abandoned=1")
            let result = try await later.get(interview)
            #expect(result.text.contains("This interview was abandoned") && !result.text.contains("A new wording"))
        }
    }
}

extension PracticeTests {
    @Test("A read-only organisation lets candidates read their results but not start or answer")
    func readOnly() async throws {
        try await withApp { browser, database, _ in
            _ = try await Self.prepare(browser)
            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            let interview = try await candidate.startInterview()
            try await database.withOperator { _ = try await $0.setSubscription(slug: "acme", state: .suspended, until: nil) }
            let refused = try await candidate.answerCurrent(interview, PracticeTests.story)
            #expect(refused.status == .conflict && refused.text.contains("This change was not made."))
            #expect(try await candidate.get("/t/acme/").status == .ok)
        }
    }
}
