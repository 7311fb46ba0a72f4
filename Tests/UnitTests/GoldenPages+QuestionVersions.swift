import Foundation

@testable import App

/// A question's versions: its history, a comparison of two versions and the publish confirmation.
extension GoldenPageTests {
    static func versionOptions(selected: Int) -> [Option] {
        QuestionsController.options([3, 2, 1].map { ("\($0)", "Version \($0)") }, selected: "\(selected)")
    }

    static func segment(_ text: String, added: Bool = false, removed: Bool = false) -> SegmentView {
        SegmentView(text: text, added: added, removed: removed)
    }

    nonisolated(unsafe) static let questionVersionPages: [(String, any Page)] = [
        (
            "question-history",
            QuestionHistoryPage(
                chrome: chrome("History", section: "questions"),
                heading: prompt,
                questionHref: TenantPage.question(promptID).href("acme"),
                diffAction: TenantPage.questionPage(promptID, .diff).href("acme"),
                versions: [
                    VersionRowView(
                        number: 3,
                        author: "Olivia Owner",
                        created: "2026-11-23 09:58:12 UTC",
                        note: "Ask for the outcome, too",
                        isPublished: false,
                        isLatest: true,
                        previous: 2,
                        diffHref: TenantPage.questionPage(promptID, .diff).href("acme", query: [("from", "2"), ("to", "3")]),
                        revertAction: nil
                    ),
                    VersionRowView(
                        number: 2,
                        author: "Eddie Editor",
                        created: "2026-11-20 14:03:40 UTC",
                        note: "Bold the key word",
                        isPublished: true,
                        isLatest: false,
                        previous: 1,
                        diffHref: TenantPage.questionPage(promptID, .diff).href("acme", query: [("from", "1"), ("to", "2")]),
                        revertAction: TenantPage.questionPage(promptID, .revert).href("acme")
                    ),
                    VersionRowView(
                        number: 1,
                        author: "Eddie Editor",
                        created: "2026-11-18 11:20:05 UTC",
                        note: "First draft",
                        isPublished: false,
                        isLatest: false,
                        previous: 0,
                        diffHref: nil,
                        revertAction: TenantPage.questionPage(promptID, .revert).href("acme")
                    ),
                ],
                fromOptions: versionOptions(selected: 2),
                toOptions: versionOptions(selected: 3),
                csrfToken: "csrf-token"
            )
        ),
        (
            "question-diff",
            QuestionDiffPage(
                chrome: chrome("Compare versions", section: "questions"),
                heading: prompt,
                from: 2,
                to: 3,
                fields: [
                    FieldDiffView(
                        label: "Prompt",
                        segments: [
                            segment("Tell me about a time you **disagreed** with a teammate"),
                            segment(".", removed: true),
                            segment(" and what came of it.", added: true),
                        ]
                    ),
                    FieldDiffView(label: "Time limit", segments: [segment("120", removed: true), segment("180", added: true)]),
                ],
                hasFields: true,
                historyHref: TenantPage.questionPage(promptID, .history).href("acme"),
                diffAction: TenantPage.questionPage(promptID, .diff).href("acme"),
                fromOptions: versionOptions(selected: 2),
                toOptions: versionOptions(selected: 3)
            )
        ),
        (
            "question-publish",
            PublishPage(
                chrome: chrome("Publish", section: "questions"),
                heading: prompt,
                version: 3,
                impact: [LabelledValue(label: "de", value: "Prompt, Hint"), LabelledValue(label: "fr", value: "Prompt")],
                hasImpact: true,
                action: TenantPage.questionPage(promptID, .publish).href("acme"),
                cancelHref: TenantPage.question(promptID).href("acme"),
                diffHref: TenantPage.questionPage(promptID, .diff).href("acme", query: [("from", "2"), ("to", "3")]),
                csrfToken: "csrf-token"
            )
        ),
    ]
}
