import Foundation

/// One answered question on the result page.
public struct AnsweredQuestion: Sendable {
    public let position: Int
    public let questionID: UUID
    public let version: Int
    public let language: String
    public let response: String
    public let secondsTaken: Int
    public let wordCount: Int
    public let evaluation: Evaluation?
}

extension PracticeRepository {
    /// Stores the answer to `question` with its time, word count and evaluation. The answer keeps the exact version
    /// and language shown, whatever happens to the question afterwards. One answer per position: a second one for the
    /// same position (a double submit) is ignored and false is returned.
    public func record(
        _ question: ShownQuestion,
        interviewID: UUID,
        userID: UUID,
        response: String,
        secondsTaken: Int,
        wordCount: Int,
        evaluation: Evaluation,
        in db: TenantConnection
    ) async throws -> Bool {
        let json = String(decoding: try JSONEncoder().encode(evaluation), as: UTF8.self)
        let subScores =
            "{\"relevance\":\(evaluation.relevance),\"structure\":\(evaluation.structure),\"depth\":\(evaluation.depth),"
            + "\"clarity\":\(evaluation.clarity),\"keywords\":\(evaluation.keywords)}"
        let inserted = try await db.first(
            """
            INSERT INTO answers (tenant_id, question_id, version_number, language, user_id, score, interview_id, position, response,
                                 seconds_taken, word_count, sub_scores, feedback, evaluator, model)
            VALUES (\(db.tenantID), \(question.questionID), \(question.version), \(question.language), \(userID), \(evaluation.overall),
                    \(interviewID), \(question.position), \(response), \(secondsTaken), \(wordCount), \(subScores)::jsonb, \(json)::jsonb,
                    \(evaluation.evaluator), \(evaluation.model))
            ON CONFLICT (tenant_id, interview_id, position) WHERE interview_id IS NOT NULL DO NOTHING
            RETURNING 1
            """,
            as: Int.self
        )
        return inserted != nil
    }

    /// Marks the interview completed with the average of its answers' scores.
    public func finish(_ interviewID: UUID, now: Date, in db: TenantConnection) async throws {
        try await db.run(
            """
            UPDATE interviews SET status = 'completed', finished_at = \(now),
                   overall_score = (SELECT round(avg(a.score))::int FROM answers a WHERE a.tenant_id = interviews.tenant_id
                                                                            AND a.interview_id = interviews.id)
             WHERE tenant_id = \(db.tenantID) AND id = \(interviewID) AND status = 'in_progress'
            """
        )
    }

    /// Ends an interview in progress without a score; its answers stay.
    public func abandon(_ interviewID: UUID, userID: UUID, now: Date, in db: TenantConnection) async throws -> Bool {
        try await db.first(
            """
            UPDATE interviews SET status = 'abandoned', finished_at = \(now)
             WHERE tenant_id = \(db.tenantID) AND id = \(interviewID) AND user_id = \(userID) AND status = 'in_progress' RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    /// Every answer of an interview, in order.
    public func answers(_ interviewID: UUID, in db: TenantConnection) async throws -> [AnsweredQuestion] {
        try await db.all(
            """
            SELECT a.position, a.question_id, a.version_number, a.language, a.response, coalesce(a.seconds_taken, 0),
                   coalesce(a.word_count, 0), a.feedback::text
              FROM answers a WHERE a.tenant_id = \(db.tenantID) AND a.interview_id = \(interviewID) ORDER BY a.position
            """,
            as: (Int, UUID, Int, String, String, Int, Int, String?).self
        ).map {
            AnsweredQuestion(
                position: $0.0,
                questionID: $0.1,
                version: $0.2,
                language: $0.3,
                response: $0.4,
                secondsTaken: $0.5,
                wordCount: $0.6,
                evaluation: $0.7.flatMap { try? JSONDecoder().decode(Evaluation.self, from: Data($0.utf8)) }
            )
        }
    }
}
