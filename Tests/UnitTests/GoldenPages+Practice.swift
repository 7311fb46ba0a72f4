import Foundation
import Testing

@testable import App

/// The candidate's practice pages and the admin's templates.
extension GoldenPageTests {
    nonisolated(unsafe) static let practicePages: [(String, any Page)] = [
        (
            "candidate-dashboard",
            CandidateHomePage(
                chrome: chrome("Practice", section: "practice"),
                firstName: "Casey",
                tenantName: tenant.name,
                notice: "The interview was abandoned. Its answers so far are kept.",
                open: InterviewRowView(
                    name: "Behavioural warm-up",
                    started: "2026-11-23",
                    status: "In progress: 1 of 3 answered",
                    score: "",
                    href: "/t/acme/practice/1"
                ),
                abandonAction: "/t/acme/practice/1/abandon",
                templates: [
                    TemplateChoiceView(
                        name: "Backend screen",
                        summary: "5 technical questions, 3 minutes each",
                        position: "Backend engineer",
                        due: "Due 2026-12-01",
                        startAction: "/t/acme/practice/start/2"
                    )
                ],
                hasTemplates: true,
                progress: sampleProgress,
                leaderboard: LeaderboardView(
                    [
                        LeaderRow(userID: uuid(0x31), name: "Riley Runner", showName: true, interviews: 9, average: 84),
                        LeaderRow(userID: uuid(0x32), name: "Casey Candidate", showName: false, interviews: 4, average: 71),
                    ],
                    setting: .names,
                    viewer: uuid(0x32),
                    optedIn: true
                ),
                recent: [
                    InterviewRowView(
                        name: "Backend screen",
                        started: "2026-11-20",
                        status: "Completed",
                        score: "88 · Ready",
                        href: "/t/acme/practice/3"
                    )
                ],
                hasRecent: true,
                historyHref: "/t/acme/practice/history",
                preferencesHref: "/t/acme/account/preferences",
                csrfToken: "csrf-token"
            )
        ),
        (
            "interview-question",
            InterviewQuestionPage(
                chrome: chrome("Question 2 of 3", section: "practice"),
                templateName: "Behavioural warm-up",
                progress: "Question 2 of 3",
                position: 2,
                count: 3,
                last: false,
                promptHTML: "<p>Tell us about a <strong>conflict</strong>.</p>\n",
                hint: "Use STAR.",
                language: "en",
                timeText: "Time is up: send what you have.",
                overTime: true,
                secondsLeft: 0,
                typed: "I once <b>disagreed</b>…",
                problem: "Your answer has 20001 characters; the limit is 20,000. Shorten it and send again.",
                answerAction: "/t/acme/practice/1/answer",
                abandonAction: "/t/acme/practice/1/abandon",
                csrfToken: "csrf-token"
            )
        ),
        (
            "interview-result",
            sampleResult
        ),
        (
            "templates",
            TemplatesPage(
                chrome: chrome("Interview templates", section: "templates"),
                notice: nil,
                templates: [
                    TemplateRowView(
                        name: "Backend screen",
                        href: "/t/acme/admin/templates/2",
                        position: "Backend engineer",
                        level: "Senior",
                        summary: "5 technical questions, 3 minutes each",
                        bank: "Engineering",
                        tags: "go, sql",
                        due: "2026-12-01",
                        audience: "Assigned candidates only (3 assigned)",
                        archiveAction: "/t/acme/admin/templates/2/archive"
                    )
                ],
                hasTemplates: true,
                action: "/t/acme/admin/templates/new",
                form: TemplateFormView(
                    form: ["name": "", "question_count": "30", "kind": "technical", "minutes": "3", "category_\(key(0x72))": "1"],
                    problems: ["name": "Name: 1 to 200 characters.", "question_count": "Questions: a whole number from 1 to 20."],
                    sources: sources
                ),
                problems: ["Name: 1 to 200 characters.", "Questions: a whole number from 1 to 20."],
                hasProblems: true,
                csrfToken: "csrf-token"
            )
        ),
        ("template-detail", templateDetail),
    ]

    /// Two banks, one with a category and its subcategory.
    static let sources = TemplateSourceNames(
        banks: [QuestionBank(id: uuid(7), name: "Engineering", description: ""), QuestionBank(id: uuid(8), name: "People", description: "")],
        categories: [
            QuestionCategory(id: uuid(0x71), bankID: uuid(7), path: ["Backend"]),
            QuestionCategory(id: uuid(0x72), bankID: uuid(7), path: ["Backend", "Databases"]),
        ]
    )

    /// An assigned template two candidates completed, after an assignment was refused (the typed addresses stay).
    static let templateDetail = TemplateDetailPage(
        chrome: chrome("Graduate programme screen", section: "templates"),
        data: TemplateDetailData(
            detail: TemplateDetail(
                template: InterviewTemplate(
                    id: uuid(0x51),
                    name: "Graduate programme screen",
                    position: "Graduate",
                    kind: .mixed,
                    questionCount: 3,
                    bankIDs: [uuid(7)],
                    categoryIDs: [uuid(0x72)],
                    tags: ["sql"],
                    secondsPerQuestion: 180,
                    dueAt: now.addingTimeInterval(14 * 86_400)
                ),
                audience: .assigned,
                archivedAt: nil
            ),
            sources: sources,
            completion: TemplateCompletion(audience: 3, started: 3, completed: 2, inProgress: 1, abandoned: 0, interviews: 4),
            scores: TemplateScores(count: 3, average: 71, median: 74, buckets: [0, 0, 1, 1, 1]),
            assignees: [
                TemplateAssignee(
                    userID: uuid(0x32),
                    name: "Casey Candidate",
                    email: "candidate@acme.test",
                    assignedAt: now,
                    active: true,
                    completed: true,
                    best: 88
                ),
                TemplateAssignee(
                    userID: uuid(0x33),
                    name: "Former candidate 7F3A9C",
                    email: "erased-7f3a9c@invalid",
                    assignedAt: now,
                    active: false,
                    completed: false,
                    best: nil
                ),
            ],
            assigneeTotal: 2
        ),
        form: TemplateDetailForm(
            emails: "new.person@acme.test, owner@acme.test",
            emailsProblem: TemplateAssignmentRequest.refusal(["new.person@acme.test", "owner@acme.test"], tenant: tenant.name)
        ),
        notice: nil,
        slug: "acme",
        csrfToken: "csrf-token",
        now: now
    )

    nonisolated(unsafe) static let sampleResult =
        InterviewResultPage(
            chrome: chrome("Result: Behavioural warm-up", section: "practice"),
            templateName: "Behavioural warm-up",
            status: "Completed",
            abandoned: false,
            overall: 74,
            readiness: "Almost ready",
            scores: [ScoreView(label: "Relevance", value: 80), ScoreView(label: "Structure", value: 100)],
            hasScores: true,
            strongest: "Structure (100)",
            weakest: "Relevance (80)",
            answers: [
                AnswerResultView(
                    position: 1,
                    promptHTML: "<p>Tell us about a release.</p>\n",
                    response: "At my last job <script>alert(1)</script>…",
                    answered: true,
                    score: 74,
                    scores: [ScoreView(label: "Relevance", value: 80)],
                    strengths: ["Clear STAR structure: situation, task, action and result are all there."],
                    hasStrengths: true,
                    improvements: ["Mention “rollback”: the question expects it."],
                    hasImprovements: true,
                    sampleHTML: "<p>Use <strong>STAR</strong>.</p>\n",
                    facts: "62 words in 1:41"
                )
            ],
            hasAnswers: true,
            practiceHref: "/t/acme/",
            reportHref: "/t/acme/practice/1/report"
        )
}
