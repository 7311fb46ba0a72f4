import Foundation
import Hummingbird

extension PracticeController {
    func row(_ state: InterviewState, _ slug: String) -> InterviewRowView {
        InterviewRowView(
            name: state.templateName,
            started: UTCFormat.day.string(from: state.startedAt),
            status: state.statusLabel,
            score: state.scoreLabel ?? "",
            href: TenantPage.interview(state.id).href(slug)
        )
    }

    func renderQuestion(
        _ context: SignedInContext,
        state: InterviewState,
        question: ShownQuestion,
        typed: String,
        problem: String?,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let slug = context.tenant.slug
        let elapsed = Int(now().timeIntervalSince(question.shownAt ?? now()))
        let left = state.secondsPerQuestion - elapsed
        let model = InterviewQuestionPage(
            chrome: Chrome(title: "Question \(question.position) of \(state.questionCount)", context: context, section: "practice"),
            templateName: state.templateName,
            progress: "Question \(question.position) of \(state.questionCount)",
            position: question.position,
            count: state.questionCount,
            last: question.position == state.questionCount,
            promptHTML: Markdown.html(question.content.prompt),
            hint: question.content.hint.isEmpty ? nil : question.content.hint,
            language: question.language,
            timeText: left > 0 ? String(format: "%d:%02d left", left / 60, left % 60) : "Time is up: send what you have.",
            overTime: left <= 0,
            secondsLeft: max(0, left),
            typed: typed,
            problem: problem,
            answerAction: TenantPage.interviewAction(state.id, .answer).href(slug),
            abandonAction: TenantPage.interviewAction(state.id, .abandon).href(slug),
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }

    func renderResult(_ context: SignedInContext, state: InterviewState, answers: [AnsweredQuestion]) async throws -> Response {
        try views.render(try await resultPage(context, state: state, answers: answers))
    }

    /// The result of a finished interview, for the result page and the printable report.
    func resultPage(_ context: SignedInContext, state: InterviewState, answers: [AnsweredQuestion]) async throws -> InterviewResultPage {
        let contents = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            var contents: [Int: QuestionContent] = [:]
            for answer in answers {
                contents[answer.position] = try await practice.drawn(state.id, position: answer.position, in: db)?.content
            }
            return contents
        }
        let evaluations = answers.compactMap(\.evaluation)
        // The mean of each area over the answers, in the order every evaluation lists them.
        let scores = Evaluation.areas.indices.map { index in
            ScoreView(
                label: Evaluation.areas[index],
                value: evaluations.isEmpty ? 0 : evaluations.map { $0.areaScores[index] }.reduce(0, +) / evaluations.count
            )
        }
        let sorted = scores.sorted { $0.value > $1.value }
        let model = InterviewResultPage(
            chrome: Chrome(title: "Result: \(state.templateName)", context: context, section: "practice"),
            templateName: state.templateName,
            status: state.status == "completed" ? "Completed" : "Abandoned",
            abandoned: state.status == "abandoned",
            overall: state.overallScore,
            readiness: Readiness.label(state.overallScore),
            scores: evaluations.isEmpty ? [] : scores,
            hasScores: !evaluations.isEmpty,
            strongest: evaluations.isEmpty ? nil : sorted.first.map { "\($0.label) (\($0.value))" },
            weakest: evaluations.isEmpty ? nil : sorted.last.map { "\($0.label) (\($0.value))" },
            answers: answers.map { answer in
                let evaluation = answer.evaluation
                let content = contents[answer.position]
                return AnswerResultView(
                    position: answer.position,
                    promptHTML: Markdown.html(content?.prompt ?? ""),
                    response: answer.response,
                    answered: !answer.response.isEmpty,
                    score: evaluation?.overall ?? 0,
                    scores: evaluation.map { evaluation in
                        zip(Evaluation.areas, evaluation.areaScores).map { ScoreView(label: $0, value: $1) }
                    } ?? [],
                    strengths: evaluation?.strengths ?? [],
                    hasStrengths: !(evaluation?.strengths ?? []).isEmpty,
                    improvements: evaluation?.improvements ?? [],
                    hasImprovements: !(evaluation?.improvements ?? []).isEmpty,
                    sampleHTML: (content?.sampleAnswer).flatMap { $0.isEmpty ? nil : Markdown.html($0) },
                    facts: "\(answer.wordCount.counted("word")) in \(answer.secondsTaken / 60):\(String(format: "%02d", answer.secondsTaken % 60))"
                )
            },
            hasAnswers: !answers.isEmpty,
            practiceHref: TenantPage.start.href(context.tenant.slug),
            reportHref: TenantPage.interviewAction(state.id, .report).href(context.tenant.slug)
        )
        return model
    }
}
