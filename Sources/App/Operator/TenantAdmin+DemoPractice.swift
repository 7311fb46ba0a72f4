import Foundation

extension TenantAdmin {
    /// Acme's interview templates (one of them assigned to the demo candidate only), and six interviews the demo candidate completed over the last two weeks (answered
    /// with parts of the questions' own sample answers, scored by the rubric), so the dashboard's streak, trend,
    /// categories, achievements and leaderboard and the result pages have something to show.
    /// Runs once: a tenant that already has templates is left alone.
    func seedDemoPractice(slug: String = "acme") async throws {
        try await withTenant(slug) { db, _ in
            guard try await db.first("SELECT 1 FROM interview_templates WHERE tenant_id = \(db.tenantID) LIMIT 1", as: Int.self) == nil
            else { return }
            let templates = [
                InterviewTemplate(name: "Behavioural warm-up", position: "Any role", kind: .behavioural, questionCount: 3, secondsPerQuestion: 240),
                InterviewTemplate(
                    name: "Backend engineer screen",
                    position: "Backend engineer",
                    kind: .technical,
                    questionCount: 4,
                    secondsPerQuestion: 300
                ),
                InterviewTemplate(
                    name: "Mixed practice round",
                    kind: .mixed,
                    questionCount: 5,
                    secondsPerQuestion: 180,
                    dueAt: Date().addingTimeInterval(21 * 86_400)
                ),
            ]
            for template in templates { try await TemplateRepository().insert(template, by: source, userID: nil, in: db) }
            // Only the candidates assigned to it may start this one; the demo candidate is, with two weeks to go. It draws
            // from two categories of the bank (with their subcategories) rather than the whole bank.
            let graduateCategories = try await BankRepository().categories(in: db)
                .filter { $0.path == ["Software engineering"] || $0.path == ["Data science"] }.map(\.id)
            let graduate = InterviewTemplate(
                name: "Graduate programme screen",
                position: "Graduate",
                kind: .mixed,
                questionCount: 3,
                categoryIDs: graduateCategories,
                secondsPerQuestion: 180,
                dueAt: Date().addingTimeInterval(14 * 86_400)
            )
            try await TemplateRepository().insert(graduate, by: source, userID: nil, in: db)
            let assignments = TemplateAssignmentRepository()
            let detail = TemplateDetail(template: graduate, audience: .all, archivedAt: nil)
            _ = try await assignments.setAudience(.assigned, of: detail, by: source, in: db)
            guard
                let candidate = try await db.first(
                    "SELECT id FROM users WHERE tenant_id = \(db.tenantID) AND email = 'candidate@acme.test'",
                    as: UUID.self
                )
            else { return }
            let assigned = TemplateDetail(template: graduate, audience: .assigned, archivedAt: nil)
            _ = try await assignments.assign(["candidate@acme.test"], to: assigned, by: source, userID: nil, in: db)
            try await seedDemoInterviews(Array(templates.prefix(2)), candidate: candidate, in: db)
        }
    }
}

extension TenantAdmin {
    /// Days before today on which the demo candidate finished an interview: a three-day streak up to today.
    static let demoInterviewDays = [12, 6, 4, 2, 1, 0]

    private func seedDemoInterviews(_ templates: [InterviewTemplate], candidate: UUID, in db: TenantConnection) async throws {
        let practice = PracticeRepository()
        for (index, daysAgo) in Self.demoInterviewDays.enumerated() {
            let template = templates[index % templates.count]
            let interview = try await practice.start(template, userID: candidate, in: db)
            let finished = Date().addingTimeInterval(Double(-daysAgo) * 86_400 - 3_600)
            // Later interviews use more of each sample answer, so the trend rises.
            let share = 0.4 + 0.6 * Double(index + 1) / Double(Self.demoInterviewDays.count)
            for position in 1...template.questionCount {
                guard let question = try await practice.question(interview, position: position, now: finished, in: db) else { break }
                let words = question.content.sampleAnswer.split(separator: " ")
                let response = String(words.prefix(Int(Double(words.count) * share)).joined(separator: " ").prefix(20_000))
                let evaluation = RubricEvaluator().score(PracticeController.input(question, response: response))
                _ = try await practice.record(
                    question,
                    interviewID: interview,
                    userID: candidate,
                    response: response,
                    secondsTaken: 60 + 20 * position,
                    wordCount: response.split(whereSeparator: \.isWhitespace).count,
                    evaluation: evaluation,
                    in: db
                )
            }
            try await practice.finish(interview, now: finished, in: db)
            try await db.run(
                """
                UPDATE interviews SET started_at = \(finished.addingTimeInterval(-1_200))
                 WHERE tenant_id = \(db.tenantID) AND id = \(interview)
                """
            )
        }
        try await ProgressRepository().save(
            ProgressPreferences(timeZone: "Europe/London", leaderboardOptIn: true, showName: false),
            userID: candidate,
            in: db
        )
    }
}
