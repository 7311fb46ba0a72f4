import Foundation
import Hummingbird

/// The candidate's side: start an interview from a template, answer one question at a time against a timer the
/// server keeps, resume or abandon, and read the result. Interviews are looked up with the candidate's own id, so
/// someone else's interview is a 404.
public struct PracticeController: Sendable, ServiceController {
    let services: AppServices
    let practice = PracticeRepository()

    @Sendable func start(_ request: Request, context: SignedInContext) async throws -> Response {
        guard let templateID = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let userID = context.user.id
        let id = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let template = try await TemplateRepository().startable(templateID, by: userID, in: db) else { throw AppError.notFound }
            return try await practice.start(template, userID: userID, in: db)
        }
        return .seeOther(.interview(id), context.tenant.slug)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try interviewID(context)
        let userID = context.user.id
        let now = self.now()
        let (state, question, answers) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let state = try await practice.interview(id, userID: userID, in: db) else { throw AppError.notFound }
            guard state.status == "in_progress" else { return (state, nil as ShownQuestion?, try await practice.answers(id, in: db)) }
            return (state, try await practice.question(id, position: state.answered + 1, now: now, in: db), [])
        }
        if let question { return try renderQuestion(context, state: state, question: question, typed: "", problem: nil) }
        return try await renderResult(context, state: state, answers: answers)
    }

    @Sendable func answer(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try interviewID(context)
        let form = try await request.postedForm()
        let response = (form["response"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let position = Int(form["position"] ?? "") ?? 0
        let userID = context.user.id
        let now = self.now()
        let evaluator = services.evaluator
        let slug = context.tenant.slug
        // Read what was shown, then score outside any transaction (an evaluator may take a while), then record.
        let shown: (InterviewState, ShownQuestion)? = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let state = try await practice.interview(id, userID: userID, in: db) else { throw AppError.notFound }
            // A second submit of an answered question, or an answer to a finished interview, just shows where things are.
            guard state.status == "in_progress", position == state.answered + 1,
                let question = try await practice.question(id, position: position, now: now, in: db)
            else { return nil }
            return (state, question)
        }
        guard let (state, question) = shown else { return .seeOther(.interview(id), slug) }
        guard response.count <= 20_000 else {
            let problem = "Your answer has \(response.count) characters; the limit is 20,000. Shorten it and send again."
            return try renderQuestion(context, state: state, question: question, typed: response, problem: problem, status: .unprocessableContent)
        }
        let seconds = max(0, Int(now.timeIntervalSince(question.shownAt ?? now)))
        let words = response.split(whereSeparator: { $0.isWhitespace }).count
        let evaluation = await evaluator.evaluate(Self.input(question, response: response))
        try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            // Recorded once per position (a racing double submit inserts nothing); the last answer finishes the interview.
            let recorded = try await practice.record(
                question,
                interviewID: id,
                userID: userID,
                response: response,
                secondsTaken: seconds,
                wordCount: words,
                evaluation: evaluation,
                in: db
            )
            if recorded, position == state.questionCount { try await practice.finish(id, now: now, in: db) }
        }
        return .seeOther(.interview(id), slug)
    }

    @Sendable func abandon(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try interviewID(context)
        let userID = context.user.id
        let now = self.now()
        let abandoned = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await practice.abandon(id, userID: userID, now: now, in: db)
        }
        guard abandoned else { throw AppError.notFound }
        return .seeOther(.start, context.tenant.slug, notice: .abandoned)
    }

    func interviewID(_ context: SignedInContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        return id
    }

    /// What the evaluator reads for one shown question.
    static func input(_ question: ShownQuestion, response: String) -> AnswerInput {
        AnswerInput(question.content, language: question.language, response: response)
    }
}
