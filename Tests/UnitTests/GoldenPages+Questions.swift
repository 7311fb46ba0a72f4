import Foundation

@testable import App

/// The question bank: the list with bulk controls, the form with problems, and one question.
extension GoldenPageTests {
    static let prompt = "Tell me about a time you disagreed with a teammate."
    static let promptID = uuid(0xc1)

    /// The banks as `<option>`s, as the question pages list them.
    static func bankOptions(selected: String?) -> [Option] {
        QuestionsController.options([(key(0xd1), "Behavioural"), (key(0xd2), "Engineering")], selected: selected)
    }

    /// The categories as `<option>`s, labelled with their bank.
    static func categoryOptions(selected: String?) -> [Option] {
        QuestionsController.options(
            [(key(0xd5), "Behavioural › Teamwork"), (key(0xd6), "Behavioural › Teamwork / Conflict"), (key(0xd7), "Engineering › Systems design")],
            selected: selected
        )
    }

    /// A row of the question list, in bank Behavioural at level mid.
    static func row(
        _ id: Int,
        _ summary: String,
        category: String?,
        _ difficulty: Difficulty,
        _ status: QuestionStatus,
        version: Int,
        unpublished: Bool = false,
        updated: String
    ) -> QuestionRowView {
        QuestionRowView(
            id: key(id),
            href: TenantPage.question(uuid(id)).href("acme"),
            summary: summary,
            bank: "Behavioural",
            category: category,
            difficulty: difficulty.rawValue,
            level: Level.mid.rawValue,
            status: status.rawValue,
            version: version,
            unpublished: unpublished,
            updated: updated
        )
    }

    nonisolated(unsafe) static let questionPages: [(String, any Page)] = [
        (
            "question-list",
            QuestionListPage(
                chrome: chrome("Questions", section: "questions"),
                notice: Notice.bulkDone.message,
                search: "",
                tag: "teamwork",
                banks: bankOptions(selected: key(0xd1)),
                categories: categoryOptions(selected: nil),
                difficulties: QuestionsController.options(Difficulty.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: nil),
                levels: QuestionsController.options(Level.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: nil),
                statuses: QuestionsController.options(QuestionStatus.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: nil),
                translations: QuestionsController.options(
                    TranslationState.allCases.map { ("de:\($0.rawValue)", "de: \($0.label.lowercased())") },
                    selected: nil
                ),
                sorts: QuestionFilter.Sort.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .updated) },
                needsChecking: false,
                rows: [
                    row(0xc1, prompt, category: "Teamwork / Conflict", .medium, .published, version: 3, unpublished: true, updated: "2026-11-23"),
                    row(
                        0xc2,
                        "Describe a project you led that did not go to plan.",
                        category: "Teamwork",
                        .hard,
                        .draft,
                        version: 1,
                        updated: "2026-11-22"
                    ),
                    row(
                        0xc3,
                        "How do you give feedback to a more senior colleague?",
                        category: nil,
                        .easy,
                        .published,
                        version: 2,
                        updated: "2026-11-21"
                    ),
                ],
                hasRows: true,
                narrowed: true,
                hasBanks: true,
                clearHref: TenantPage.questions.href("acme"),
                newHref: TenantPage.newQuestion.href("acme"),
                banksHref: TenantPage.banks.href("acme"),
                importHref: TenantPage.questionsImport.href("acme"),
                exportHref: TenantPage.questionsExport.href("acme", query: [("bank", key(0xd1)), ("tag", "teamwork")]),
                bulkAction: TenantPage.questionsBulk.href("acme"),
                listQuery: "bank=\(key(0xd1))&tag=teamwork",
                nextHref: TenantPage.questions.href(
                    "acme",
                    query: [("bank", key(0xd1)), ("tag", "teamwork"), ("after", "2026-11-21T09:15:00.000000Z_\(key(0xc3))")]
                ),
                firstHref: nil,
                csrfToken: "csrf-token"
            )
        ),
        (
            "question-form-problems",
            QuestionFormPage(
                chrome: chrome("New question", section: "questions"),
                heading: "New question",
                action: TenantPage.newQuestion.href("acme"),
                cancelHref: TenantPage.questions.href("acme"),
                isEdit: false,
                form: {
                    var form = QuestionForm()
                    form.bank = key(0xd1)
                    form.category = key(0xd6)
                    form.externalKey = "beh-007"
                    form.prompt = "Tell me about a time you **disagreed** with a teammate."
                    form.field = "Software engineering"
                    form.level = Level.senior.rawValue
                    form.difficulty = Difficulty.medium.rawValue
                    form.tags = "teamwork, conflict"
                    form.keywords = "listening, compromise"
                    form.hint = "Use the STAR method."
                    form.followUps = "What would you do differently?\nHow did the teammate see it?"
                    form.idealAnswerWords = "250"
                    form.timeLimitSeconds = "5"
                    form.criteria = "Structure: 30\nEmpathy"
                    form.changeNote = "First draft"
                    return form
                }(),
                banks: bankOptions(selected: key(0xd1)),
                categories: [Option(value: "", label: "(top of the bank)", selected: false)] + categoryOptions(selected: key(0xd6)),
                levels: QuestionsController.options(Level.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: Level.senior.rawValue),
                difficulties: QuestionsController.options(Difficulty.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: "medium"),
                problems: [
                    "Evaluation criteria: write each as “Name: weight”, one per line (“Empathy” is not).",
                    "Time limit: between 15 and 7,200 seconds (two hours).",
                ],
                hasProblems: true,
                fieldProblems: QuestionFieldProblems([
                    "Evaluation criteria: write each as “Name: weight”, one per line (“Empathy” is not).",
                    "Time limit: between 15 and 7,200 seconds (two hours).",
                ]),
                previewHTML: nil,
                csrfToken: "csrf-token"
            )
        ),
        (
            "question-show",
            QuestionShowPage(
                chrome: chrome("Question", section: "questions"),
                notice: Notice.versionSaved.message,
                heading: prompt,
                status: QuestionStatus.published.rawValue,
                statusNote: "Candidates see version 2; version 3 is not published yet.",
                promptHTML: "<p>Tell me about a time you <strong>disagreed</strong> with a teammate.</p>",
                hintHTML: "<p>Use the <em>STAR</em> method.</p>",
                sampleAnswerHTML: "<p>In my last team we disagreed about <code>retry</code> limits…</p>",
                followUps: ["What would you do differently?", "How did the teammate see it?"],
                criteria: [LabelledValue(label: "Structure", value: "30"), LabelledValue(label: "Empathy", value: "70")],
                facts: [
                    ("Bank", "Behavioural"), ("Category", "Teamwork / Conflict"), ("Level", "senior"), ("Difficulty", "medium"),
                    ("Tags", "teamwork, conflict"), ("Time limit", "180 seconds"), ("External key", "beh-007"), ("Language", "en"),
                    ("Latest version", "3"),
                ].map { LabelledValue(label: $0.0, value: $0.1) },
                translations: [
                    TranslationSummaryView(
                        language: "de",
                        state: "Needs review",
                        needsReview: true,
                        href: TenantPage.questionTranslation(promptID, language: "de").href("acme")
                    ),
                    TranslationSummaryView(
                        language: "fr",
                        state: "Reviewed",
                        needsReview: false,
                        href: TenantPage.questionTranslation(promptID, language: "fr").href("acme")
                    ),
                ],
                statistics: [
                    StatisticsView(version: 2, attempts: 48, mean: "71.4", spread: "9.8", bankMean: "68.0", needsChecking: false),
                    StatisticsView(version: 1, attempts: 12, mean: "41.2", spread: "22.5", bankMean: "68.0", needsChecking: true),
                ],
                hasStatistics: true,
                editHref: TenantPage.questionPage(promptID, .edit).href("acme"),
                historyHref: TenantPage.questionPage(promptID, .history).href("acme"),
                publishHref: TenantPage.questionPage(promptID, .publish).href("acme"),
                archiveAction: TenantPage.questionPage(promptID, .archive).href("acme"),
                restoreAction: nil,
                auditHref: TenantPage.audit.href("acme", query: [("target_type", "question"), ("target", promptID.uuidString)]),
                csrfToken: "csrf-token"
            )
        ),
    ]
}
