import App
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Question translations: states follow published versions, translators touch translations only")
struct QuestionTranslationTests {
    /// Acme with English and French, one published question with a prompt and a hint, translated and reviewed in French.
    static func publishedAndTranslated(_ browser: Browser) async throws -> String {
        try await browser.signIn("acme", email: "owner@acme.test")
        let token = try await browser.csrfToken(from: "/t/acme/admin/translations")
        try await browser.post("/t/acme/admin/translations/languages", form: ["_csrf": token, "languages": "en, fr", "default": "en"])
        let bank = try await browser.createBank()
        let id = try await browser.createQuestion(bank: bank, fields: ["prompt": "Why do you want this job?", "hint": "Be specific."])
        try await publish(browser, id)
        let translate = try await browser.csrfToken(from: "/t/acme/admin/questions/\(id)/translations/fr")
        let saved = try await browser.post(
            "/t/acme/admin/questions/\(id)/translations/fr",
            form: ["_csrf": translate, "prompt": "Pourquoi voulez-vous ce poste ?", "hint": "Soyez précis.", "reviewed": "on"]
        )
        #expect(saved.status == .seeOther)
        return id
    }

    static func publish(_ browser: Browser, _ id: String) async throws {
        let page = try await browser.get("/t/acme/admin/questions/\(id)/publish")
        let version = try #require(page.text.components(separatedBy: "name=\"version\" value=\"").last?.prefix { $0 != "\"" })
        let token = try #require(Browser.csrf(in: page.text))
        let done = try await browser.post("/t/acme/admin/questions/\(id)/publish", form: ["_csrf": token, "version": String(version)])
        #expect(done.location?.hasSuffix("published=1") == true)
    }

    @Test("Publishing a version whose hint changed shows that impact first, then marks exactly the French hint as needing review")
    func publishMarksChangedFields() async throws {
        try await withApp { browser, database, tenants in
            let id = try await Self.publishedAndTranslated(browser)
            #expect(try await browser.get("/t/acme/admin/questions/\(id)").text.contains("fr: Reviewed"))
            try await browser.editQuestion(id: id, changes: ["hint": "Be specific about the team."])
            let confirm = try await browser.get("/t/acme/admin/questions/\(id)/publish")
            #expect(confirm.text.contains("These translations will need review"))
            #expect(confirm.text.contains("<li>fr: Hint</li>"))
            #expect(try await browser.get("/t/acme/admin/questions/\(id)").text.contains("fr: Reviewed"), "nothing changes before publishing")

            try await Self.publish(browser, id)
            let states = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT field, state FROM question_translation_states WHERE question_id = $1 ORDER BY field",
                [id]
            )
            #expect(states.map { [$0[0] ?? "", $0[1] ?? ""] } == [["hint", "needs_review"], ["prompt", "reviewed"]])
            let translator = try await browser.get("/t/acme/admin/questions/\(id)/translations/fr")
            #expect(translator.text.contains("What changed in the source since this was translated:"))
            #expect(translator.text.contains("<del>specific.</del><ins>specific about the team.</ins>"))
            let coverage = try await browser.get("/t/acme/admin/translations")
            #expect(coverage.text.contains("<td>fr</td><td>0</td><td><a href=\"/t/acme/admin/questions?translation=fr%3Aneeds_review\">1</a>"))
        }
    }

    @Test("A translator may translate but gets 403 on every source-changing route")
    func translatorBoundaries() async throws {
        try await withApp { browser, database, tenants in
            let id = try await Self.publishedAndTranslated(browser)
            try await database.withOperator {
                try await $0.createUser(
                    slug: "acme",
                    email: "translator@acme.test",
                    name: "Tina Translator",
                    role: .translator,
                    password: TwoTenants.password
                )
            }
            browser.clearCookies()
            try await browser.signIn("acme", email: "translator@acme.test")
            let token = try await browser.csrfToken(from: "/t/acme/admin/questions/\(id)/translations/fr")
            for (path, form) in [
                ("/t/acme/admin/questions/\(id)/edit", ["prompt": "Hijacked", "intent": "save"]),
                ("/t/acme/admin/questions/\(id)/publish", ["version": "1"]),
                ("/t/acme/admin/questions/\(id)/archive", [:]),
                ("/t/acme/admin/questions/\(id)/revert", ["version": "1"]),
                ("/t/acme/admin/questions/new", ["prompt": "Mine"]),
            ] {
                let response = try await browser.post(path, form: form.merging(["_csrf": token]) { $1 })
                #expect(response.status == .forbidden, "\(path)")
            }
            let saved = try await browser.post(
                "/t/acme/admin/questions/\(id)/translations/fr",
                form: ["_csrf": token, "prompt": "Pourquoi ce poste ?", "hint": "Soyez précis."]
            )
            #expect(saved.status == .seeOther)
            let prompt = try database.ownerQuery(tenant: tenants.acmeID, "SELECT prompt FROM question_versions WHERE question_id = $1", [id])
            #expect(prompt.map { $0[0] } == ["Why do you want this job?"])
        }
    }
}
