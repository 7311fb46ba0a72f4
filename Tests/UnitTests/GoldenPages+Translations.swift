import Foundation

@testable import App

/// Translating a question, with a problem and a field whose source changed, and the coverage overview.
extension GoldenPageTests {
    /// One language's counts, each linking to the questions in that state.
    static func coverageRow(_ language: String, reviewed: Int, needsReview: Int, draft: Int, missing: Int) -> CoverageRow {
        func link(_ state: TranslationState) -> String {
            TenantPage.questions.href("acme", query: [("translation", "\(language):\(state.rawValue)")])
        }
        return CoverageRow(
            language: language,
            reviewed: reviewed,
            needsReview: needsReview,
            draft: draft,
            missing: missing,
            needsReviewHref: link(.needsReview),
            draftHref: link(.draft),
            missingHref: link(.missing)
        )
    }

    nonisolated(unsafe) static let translationPages: [(String, any Page)] = [
        (
            "translation-problems",
            TranslationPage(
                chrome: chrome("Translate", section: "translations"),
                heading: prompt,
                language: "de",
                sourceLanguage: "en",
                version: 2,
                action: TenantPage.questionTranslation(promptID, language: "de").href("acme"),
                questionHref: TenantPage.question(promptID).href("acme"),
                problems: ["Sample answer: at most 20,000 characters."],
                hasProblems: true,
                fields: [
                    TranslationFieldView(
                        name: TranslatableField.prompt.rawValue,
                        label: TranslatableField.prompt.label,
                        source: "Tell me about a time you **disagreed** with a teammate.",
                        value: "Erzählen Sie von einem Mal, als Sie einem Teammitglied widersprochen haben.",
                        state: TranslationState.needsReview.label,
                        needsReview: true,
                        sourceChanges: [
                            segment("Tell me about a time you "),
                            segment("disagreed", removed: true),
                            segment("**disagreed**", added: true),
                            segment(" with a teammate."),
                        ],
                        multiline: true
                    ),
                    TranslationFieldView(
                        name: TranslatableField.hint.rawValue,
                        label: TranslatableField.hint.label,
                        source: "Use the STAR method.",
                        value: "Nutzen Sie die STAR-Methode.",
                        state: TranslationState.reviewed.label,
                        needsReview: false,
                        sourceChanges: [],
                        multiline: true
                    ),
                    TranslationFieldView(
                        name: TranslatableField.followUps.rawValue,
                        label: TranslatableField.followUps.label,
                        source: "What would you do differently?\nHow did the teammate see it?",
                        value: "",
                        state: TranslationState.missing.label,
                        needsReview: false,
                        sourceChanges: [],
                        multiline: true
                    ),
                ],
                csrfToken: "csrf-token"
            )
        ),
        (
            "translation-coverage",
            CoveragePage(
                chrome: chrome("Translations", section: "translations"),
                notice: Notice.languagesSaved.message,
                languages: "en, de, fr",
                defaultLanguage: "en",
                languagesAction: TenantPage.languages.href("acme"),
                csrfToken: "csrf-token",
                rows: [
                    coverageRow("de", reviewed: 12, needsReview: 1, draft: 2, missing: 3),
                    coverageRow("fr", reviewed: 7, needsReview: 2, draft: 0, missing: 9),
                ]
            )
        ),
    ]
}
