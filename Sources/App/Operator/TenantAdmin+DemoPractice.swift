import Foundation

extension TenantAdmin {
    /// Acme's interview templates, and two interviews the demo candidate completed (answered with the questions' own
    /// sample answers, scored by the rubric), so the candidate dashboard and result pages have something to show.
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
            guard
                let candidate = try await db.first(
                    "SELECT id FROM users WHERE tenant_id = \(db.tenantID) AND email = 'candidate@acme.test'",
                    as: UUID.self
                )
            else { return }
            let practice = PracticeRepository()
            for template in templates.prefix(2) {
                let interview = try await practice.start(template, userID: candidate, in: db)
                let now = Date()
                for position in 1...template.questionCount {
                    guard let question = try await practice.question(interview, position: position, now: now, in: db) else { break }
                    let response = String(question.content.sampleAnswer.prefix(20_000))
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
                try await practice.finish(interview, now: now, in: db)
            }
        }
    }
}
