import Foundation

/// One interview of the signed-in candidate: where it stands.
public struct InterviewState: Sendable, Equatable {
    public let id: UUID
    public let templateName: String
    public let status: String
    public let secondsPerQuestion: Int
    public let questionCount: Int
    public let answered: Int
    public let startedAt: Date
    public let overallScore: Int?

    /// "In progress: 1 of 3 answered", "Completed", "Abandoned after 2 answers".
    var statusLabel: String {
        switch status {
        case "in_progress": "In progress: \(answered) of \(questionCount) answered"
        case "completed": "Completed"
        default: "Abandoned after \(answered.counted("answer"))"
        }
    }

    /// "74 · Almost ready", or nil before there is an overall score.
    var scoreLabel: String? { overallScore.map { "\($0) · \(Readiness.label($0))" } }
}

/// A drawn question as the candidate sees it: the exact version, in the language it was drawn in.
public struct ShownQuestion: Sendable {
    public let position: Int
    public let questionID: UUID
    public let version: Int
    public let language: String
    public let content: QuestionContent
    public let shownAt: Date?
}

/// Starting, resuming and reading a candidate's interviews. Every read names the candidate, so an interview id from
/// the URL that is not theirs is simply not found.
public struct PracticeRepository: Sendable {
    public init() {}

    /// Draws the template's questions into a new interview for `userID` and returns its id: published versions that
    /// match the template, those the candidate saw in the last 30 days last, otherwise at random. Each question is
    /// fixed to the language the candidate reads it in (theirs, the tenant's default, or the source).
    public func start(_ template: InterviewTemplate, userID: UUID, in db: TenantConnection) async throws -> UUID {
        if let open = try await openInterview(userID: userID, in: db) {
            throw AppError.conflict("You already have an interview in progress (\(open.templateName)). Resume or abandon it first.")
        }
        let drawn = try await db.all(
            """
            SELECT q.id, q.published_version FROM questions q
              JOIN question_versions v ON v.tenant_id = q.tenant_id AND v.question_id = q.id AND v.number = q.published_version
             WHERE q.tenant_id = \(db.tenantID) AND q.status <> 'archived' AND q.published_version IS NOT NULL
               AND (\(template.bankIDs.isEmpty && template.categoryIDs.isEmpty)
                    OR (q.bank_id = ANY(\(template.bankIDs)::uuid[]) AND NOT EXISTS (
                         SELECT 1 FROM question_categories chosen WHERE chosen.tenant_id = q.tenant_id
                            AND chosen.bank_id = q.bank_id AND chosen.id = ANY(\(template.categoryIDs)::uuid[])))
                    OR EXISTS (
                         SELECT 1 FROM question_categories c JOIN question_categories chosen
                             ON chosen.tenant_id = c.tenant_id AND chosen.bank_id = c.bank_id
                            AND c.path[1:cardinality(chosen.path)] = chosen.path
                          WHERE c.tenant_id = q.tenant_id AND c.id = q.category_id AND chosen.id = ANY(\(template.categoryIDs)::uuid[])))
               AND (cardinality(\(template.tags)::text[]) = 0 OR v.tags && \(template.tags)::text[])
               AND (\(template.level) = 'any' OR v.level = \(template.level))
               AND (\(template.kind.rawValue) = 'mixed'
                    OR (\(template.kind.rawValue) = 'behavioural') = (lower(v.field) IN ('behavioural', 'hr')))
             ORDER BY EXISTS (SELECT 1 FROM interview_questions iq JOIN interviews i ON i.tenant_id = iq.tenant_id AND i.id = iq.interview_id
                               WHERE iq.tenant_id = q.tenant_id AND iq.question_id = q.id AND i.user_id = \(userID)
                                 AND i.started_at > now() - interval '30 days'), random()
             LIMIT \(template.questionCount)
            """,
            as: (UUID, Int).self
        )
        guard !drawn.isEmpty else {
            throw AppError.conflict("No published question matches “\(template.name)” yet. Ask your administrator to publish questions for it.")
        }
        let languages = try await db.first(
            "SELECT u.language, t.default_language FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.tenant_id = \(db.tenantID) AND u.id = \(userID)",
            as: (String, String).self
        )
        let interviewID = UUID()
        try await db.run(
            "INSERT INTO interviews (tenant_id, id, template_id, user_id) VALUES (\(db.tenantID), \(interviewID), \(template.id), \(userID))"
        )
        for (index, question) in drawn.enumerated() {
            let language = try await readingLanguage(question.0, version: question.1, preferred: languages, in: db)
            try await db.run(
                """
                INSERT INTO interview_questions (tenant_id, interview_id, position, question_id, version_number, language)
                VALUES (\(db.tenantID), \(interviewID), \(index + 1), \(question.0), \(question.1), \(language))
                """
            )
        }
        return interviewID
    }

    private func readingLanguage(_ questionID: UUID, version: Int, preferred: (String, String)?, in db: TenantConnection) async throws -> String {
        guard let (content, source) = try await versionContent(questionID, version: version, in: db) else { throw AppError.notFound }
        let translations = try await TranslationRepository().translations(of: questionID, in: db)
        return CandidateLanguage.resolve(
            source: content,
            sourceLanguage: source,
            translations: translations,
            candidateLanguage: preferred?.0 ?? source,
            tenantDefault: preferred?.1 ?? source
        ).language
    }

    private func versionContent(_ questionID: UUID, version: Int, in db: TenantConnection) async throws -> (QuestionContent, String)? {
        guard let found = try await QuestionRepository().version(version, of: questionID, in: db),
            let language = try await db.first(
                "SELECT language FROM question_versions WHERE tenant_id = \(db.tenantID) AND question_id = \(questionID) AND number = \(version)",
                as: String.self
            )
        else { return nil }
        return (found.content, language)
    }

    /// The candidate's interview in progress, if any.
    public func openInterview(userID: UUID, in db: TenantConnection) async throws -> InterviewState? {
        try await db.all(OpenInterviewStatement(bindings: .init(db.tenantID, userID)), as: Self.StateRow.self).map(Self.state).first
    }

    /// One of the candidate's interviews, or nil when it is not theirs.
    public func interview(_ id: UUID, userID: UUID, in db: TenantConnection) async throws -> InterviewState? {
        try await states(userID: userID, filter: nil, id: id, limit: 1, in: db).first
    }

    /// The candidate's interviews, newest first.
    public func recent(userID: UUID, limit: Int, in db: TenantConnection) async throws -> [InterviewState] {
        guard limit == RecentInterviewsStatement.rows else { return try await states(userID: userID, filter: nil, id: nil, limit: limit, in: db) }
        return try await db.all(RecentInterviewsStatement(bindings: .init(db.tenantID, userID)), as: Self.StateRow.self).map(Self.state)
    }

    /// A page of the candidate's interviews, newest first, after the interview `after` (the previous page's last).
    public func history(userID: UUID, after: UUID?, limit: Int, in db: TenantConnection) async throws -> KeysetPage<InterviewState> {
        KeysetPage(fetched: try await states(userID: userID, filter: nil, id: nil, after: after, limit: limit + 1, in: db), limit: limit)
    }

    private func states(
        userID: UUID,
        filter: String?,
        id: UUID?,
        after: UUID? = nil,
        limit: Int,
        in db: TenantConnection
    ) async throws -> [InterviewState] {
        try await db.all(
            """
            \(unescaped: Self.stateSelect)
             WHERE i.tenant_id = \(db.tenantID) AND i.user_id = \(userID)
               AND (\(filter)::text IS NULL OR i.status = \(filter)) AND (\(id)::uuid IS NULL OR i.id = \(id))
               AND (\(after)::uuid IS NULL OR (i.started_at, i.id) < (SELECT p.started_at, p.id FROM interviews p
                     WHERE p.tenant_id = \(db.tenantID) AND p.user_id = \(userID) AND p.id = \(after)))
             ORDER BY i.started_at DESC, i.id DESC LIMIT \(limit)
            """,
            as: StateRow.self
        ).map(Self.state)
    }

    typealias StateRow = (UUID, String, String, Int, Int, Int, Date, Int?)

    /// The columns and joins of an interview's state (``StateRow``), up to the WHERE clause over `interviews i`.
    static let stateSelect = """
        SELECT i.id, t.name, i.status, t.seconds_per_question,
               (SELECT count(*) FROM interview_questions q WHERE q.tenant_id = i.tenant_id AND q.interview_id = i.id),
               (SELECT count(*) FROM answers a WHERE a.tenant_id = i.tenant_id AND a.interview_id = i.id),
               i.started_at, i.overall_score
          FROM interviews i JOIN interview_templates t ON t.tenant_id = i.tenant_id AND t.id = i.template_id
        """

    static func state(_ row: StateRow) -> InterviewState {
        InterviewState(
            id: row.0,
            templateName: row.1,
            status: row.2,
            secondsPerQuestion: row.3,
            questionCount: row.4,
            answered: row.5,
            startedAt: row.6,
            overallScore: row.7
        )
    }

    /// The drawn question at `position`, marked as shown the first time (its timer starts then).
    public func question(_ interviewID: UUID, position: Int, now: Date, in db: TenantConnection) async throws -> ShownQuestion? {
        try await db.run(
            """
            UPDATE interview_questions SET shown_at = \(now)
             WHERE tenant_id = \(db.tenantID) AND interview_id = \(interviewID) AND position = \(position) AND shown_at IS NULL
            """
        )
        return try await drawn(interviewID, position: position, in: db)
    }

    /// The drawn question at `position` as it was shown (or will be), without touching its timer: for the result page.
    public func drawn(_ interviewID: UUID, position: Int, in db: TenantConnection) async throws -> ShownQuestion? {
        guard
            let row = try await db.first(
                """
                SELECT question_id, version_number, language, shown_at FROM interview_questions
                 WHERE tenant_id = \(db.tenantID) AND interview_id = \(interviewID) AND position = \(position)
                """,
                as: (UUID, Int, String, Date?).self
            ), let (source, sourceLanguage) = try await versionContent(row.0, version: row.1, in: db)
        else { return nil }
        var content = source
        if row.2 != sourceLanguage,
            let translation = try await TranslationRepository().translations(of: row.0, in: db).first(where: { $0.language == row.2 })
        {
            content = translation.applied(to: source)
        }
        return ShownQuestion(position: position, questionID: row.0, version: row.1, language: row.2, content: content, shownAt: row.3)
    }
}
