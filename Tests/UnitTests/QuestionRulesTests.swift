import Foundation
import Testing

@testable import App

@Suite("Question rules without a database")
struct QuestionRulesTests {
    static let source = QuestionContent(prompt: "Why this job?", hint: "Be specific.")

    static func translation(_ language: String, _ state: TranslationState) -> QuestionTranslation {
        QuestionTranslation(
            language: language,
            fields: [
                .prompt: TranslatedField(language: language, field: "prompt", value: "[\(language)] prompt", sourceVersion: 1, state: state),
                .hint: TranslatedField(language: language, field: "hint", value: "[\(language)] hint", sourceVersion: 1, state: state),
            ]
        )
    }

    @Test("Candidates get their language, then the tenant default, then the source; only fully reviewed translations count")
    func fallbackOrder() {
        let reviewed = [Self.translation("fr", .reviewed), Self.translation("de", .reviewed)]
        func pick(_ translations: [QuestionTranslation], candidate: String, tenantDefault: String) -> String {
            CandidateLanguage.resolve(
                source: Self.source,
                sourceLanguage: "en",
                translations: translations,
                candidateLanguage: candidate,
                tenantDefault: tenantDefault
            ).language
        }
        #expect(pick(reviewed, candidate: "fr", tenantDefault: "de") == "fr")
        #expect(pick(reviewed, candidate: "es", tenantDefault: "de") == "de")
        #expect(pick(reviewed, candidate: "es", tenantDefault: "it") == "en")
        #expect(pick([Self.translation("fr", .needsReview), Self.translation("de", .reviewed)], candidate: "fr", tenantDefault: "de") == "de")
        #expect(pick([Self.translation("fr", .draft)], candidate: "fr", tenantDefault: "en") == "en")
        let shown = CandidateLanguage.resolve(
            source: Self.source,
            sourceLanguage: "en",
            translations: reviewed,
            candidateLanguage: "fr",
            tenantDefault: "en"
        )
        #expect(shown.content.prompt == "[fr] prompt")
        #expect(shown.content.hint == "[fr] hint")
    }

    @Test("Word-level diffs rebuild both texts and name only changed fields")
    func diff() {
        let segments = QuestionDiff.words(from: "Explain the event loop in JavaScript.", to: "Explain the event loop in Node.js today.")
        #expect(segments.filter { $0.kind != .added }.map(\.text).joined() == "Explain the event loop in JavaScript.")
        #expect(segments.filter { $0.kind != .removed }.map(\.text).joined() == "Explain the event loop in Node.js today.")
        var changed = Self.source
        changed.hint = "Be concrete."
        changed.tags = ["star"]
        #expect(QuestionDiff.fields(from: Self.source, to: changed).map(\.key) == ["tags", "hint"])
    }

    @Test("Content rules name the field; normalising drops blank entries and repeated tags")
    func contentRules() {
        var content = QuestionContent(prompt: "  ", tags: ["Swift", "swift ", ""], criteria: [Criterion(name: "A", weight: 0)])
        content.timeLimitSeconds = 5
        let problems = content.normalised().problems()
        #expect(problems.contains("Prompt: write the question."))
        #expect(problems.contains("Time limit: between 15 and 7,200 seconds (two hours)."))
        #expect(problems.contains("Evaluation criteria: each weight is a whole number from 1 to 100."))
        #expect(content.normalised().tags == ["swift"])
    }

    @Test("Multipart bodies split into named parts; a malformed one is refused")
    func multipart() throws {
        let body = Array(
            "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nx,y\r\n1,2\r\n--b--\r\n"
                .utf8
        )
        let parts = try #require(Multipart(body: body, boundary: "b"))
        #expect(parts.text("_csrf") == "tok")
        #expect(parts["file"]?.filename == "a.csv")
        #expect(parts.text("file") == "x,y\r\n1,2")
        #expect(Multipart(body: Array("--b\r\nno headers".utf8), boundary: "b") == nil)
        #expect(Multipart.boundary(contentType: "multipart/form-data; boundary=\"abc\"") == "abc")
        #expect(Multipart.boundary(contentType: "application/x-www-form-urlencoded") == nil)
    }

    @Test("Markdown drops raw HTML and script links")
    func markdown() {
        let html = Markdown.html("Hi <script>x</script> [a](javascript:alert(1)) **b**")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<strong>b</strong>"))
    }
}
