import Foundation

@testable import App

/// Banks and categories, the import dry run and the bulk-change review.
extension GoldenPageTests {
    nonisolated(unsafe) static let transferPages: [(String, any Page)] = [
        (
            "banks-problems",
            BanksPage(
                chrome: chrome("Banks and categories", section: "questions"),
                notice: nil,
                problems: ["A bank called “Behavioural” already exists. Choose another name."],
                hasProblems: true,
                banks: [
                    BankView(
                        key: key(0xd1),
                        name: "Behavioural",
                        description: "Questions about how people work together.",
                        questionsHref: TenantPage.questions.href("acme", query: [("bank", key(0xd1))]),
                        categories: [
                            CategoryView(id: key(0xd5), label: "Teamwork", depth: 1),
                            CategoryView(id: key(0xd6), label: "Teamwork / Conflict", depth: 2),
                        ],
                        categoryAction: TenantPage.bankCategories(uuid(0xd1)).href("acme")
                    ),
                    BankView(
                        key: key(0xd2),
                        name: "Engineering",
                        description: nil,
                        questionsHref: TenantPage.questions.href("acme", query: [("bank", key(0xd2))]),
                        categories: [CategoryView(id: key(0xd7), label: "Systems design", depth: 1)],
                        categoryAction: TenantPage.bankCategories(uuid(0xd2)).href("acme")
                    ),
                ],
                createAction: TenantPage.banks.href("acme"),
                typedName: "Behavioural",
                typedDescription: "Soft skills",
                csrfToken: "csrf-token"
            )
        ),
        (
            "import-dry-run",
            ImportPage(
                chrome: chrome("Import questions", section: "questions"),
                action: TenantPage.questionsImport.href("acme"),
                banks: bankOptions(selected: nil),
                formats: TransferFormat.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: false) },
                problems: [],
                hasProblems: false,
                dryRun: DryRunView(
                    filename: "behavioural.csv",
                    format: TransferFormat.csv.label,
                    applyAction: TenantPage.importApply(uuid(0xf1)).href("acme"),
                    digest: "5d41402abc4b2a76b9719d911017c592e3b0c44298fc1c149afbf4c8996fb924",
                    counts: [
                        ("New questions", 1), ("New versions", 1), ("Duplicates (no change)", 0), ("New categories", 1), ("Skipped", 0),
                        ("Rejected", 1),
                    ].map { LabelledValue(label: $0.0, value: "\($0.1)") },
                    rows: [
                        (2, "Teamwork / Conflict", PlannedRow.Action.createCategory(["Teamwork", "Conflict"])),
                        (2, prompt, .newVersion(promptID, changedFields: ["prompt", "time_limit_seconds"])),
                        (3, "Describe a project you led that did not go to plan.", .create),
                        (
                            4, "How do you estimate a task you have never done?",
                            .reject("The external key “beh-007” is already used on line 2 of this file.")
                        ),
                    ].map { DryRunRow(line: $0.0, summary: $0.1, outcome: $0.2.sentence, bad: $0.2.isRejection) },
                    willChange: true
                ),
                csrfToken: "csrf-token"
            )
        ),
        (
            "bulk-review-conflict",
            BulkReviewPage(
                chrome: chrome("Review the change", section: "questions"),
                heading: "Publish 2 questions?",
                problem: "The questions changed since you reviewed this, so nothing was done. This is what the action would do now.",
                note: QuestionsController.bulkNote(.publish),
                changing: [
                    LabelledValue(label: prompt, value: "version 3, published"),
                    LabelledValue(label: "Describe a project you led that did not go to plan.", value: "version 1, draft"),
                ],
                unchanged: [
                    LabelledValue(label: "How do you give feedback to a more senior colleague?", value: "already published at its latest version")
                ],
                hasChanging: true,
                hasUnchanged: true,
                hidden: [
                    LabelledValue(label: "q_\(key(0xc1))", value: "1"), LabelledValue(label: "q_\(key(0xc2))", value: "1"),
                    LabelledValue(label: "action", value: "publish"), LabelledValue(label: "category", value: ""),
                    LabelledValue(label: "tag", value: ""), LabelledValue(label: "list", value: "bank=\(key(0xd1))&tag=teamwork"),
                    LabelledValue(label: "digest", value: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),
                ],
                button: "Publish 2 questions",
                action: TenantPage.questionsBulkApply.href("acme"),
                backHref: TenantPage.questions.href("acme", query: [("bank", key(0xd1)), ("tag", "teamwork")]),
                csrfToken: "csrf-token"
            )
        ),
    ]
}
