import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// Sets up practice through the pages, as an editor and a candidate would.
extension Browser {
    /// Creates and publishes a question; returns its id.
    func publishedQuestion(_ slug: String = "acme", bank: String, prompt: String, fields: [String: String] = [:]) async throws -> String {
        let id = try await createQuestion(slug, bank: bank, fields: ["prompt": prompt].merging(fields) { $1 })
        let token = try await csrfToken(from: "/t/\(slug)/admin/questions/\(id)/publish")
        let published = try await post("/t/\(slug)/admin/questions/\(id)/publish", form: ["_csrf": token, "version": "1"])
        #expect(published.status == .seeOther)
        return id
    }

    /// Saves a template through the templates page; returns the response to the form post.
    func createTemplate(_ fields: [String: String], slug: String = "acme") async throws -> TestResponse {
        let token = try await csrfToken(from: "/t/\(slug)/admin/templates")
        let form = ["_csrf": token, "kind": "mixed", "level": "any", "question_count": "2", "minutes": "3"].merging(fields) { $1 }
        return try await post("/t/\(slug)/admin/templates/new", form: form)
    }

    /// Starts the first template on the candidate's page; returns the interview's path.
    func startInterview(_ slug: String = "acme") async throws -> String {
        let home = try await get("/t/\(slug)/")
        let range = try #require(home.text.range(of: #"/t/[a-z]+/practice/start/[0-9a-f-]{36}"#, options: .regularExpression), "a template to start")
        let started = try await post(String(home.text[range]), form: ["_csrf": try #require(Browser.csrf(in: home.text))])
        #expect(started.status == .seeOther, "\(started.text)")
        return try #require(started.location)
    }

    /// Answers the question the interview shows now.
    func answerCurrent(_ interview: String, _ response: String) async throws -> TestResponse {
        let page = try await get(interview)
        let position = try #require(Browser.formFields(page.text)["position"], "the page shows a question")
        return try await post(
            interview + "/answer",
            form: ["_csrf": try #require(Browser.csrf(in: page.text)), "position": position, "response": response]
        )
    }
}
