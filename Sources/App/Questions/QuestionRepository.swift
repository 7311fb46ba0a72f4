import Foundation
import PostgresNIO

/// Reads and writes questions and their versions in the current tenant. Versions are only ever inserted.
public struct QuestionRepository: Sendable {
    public init() {}

    /// The question with its latest version, or nil when it is not in this tenant (ids from URLs are checked here).
    /// `lock` holds the row until the transaction ends, so two saves cannot both become version N + 1.
    public func find(id: UUID, lock: Bool = false, in db: TenantConnection) async throws -> Question? {
        let rows = try await db.connection.send(
            """
            SELECT \(unescaped: QuestionColumns.question) FROM questions q \(unescaped: QuestionColumns.questionJoins)
             WHERE q.tenant_id = \(db.tenantID) AND q.id = \(id) \(unescaped: lock ? "FOR UPDATE OF q" : "")
            """,
            logger: db.logger
        )
        for try await row in rows { return try QuestionColumns.question(row.makeRandomAccess()) }
        return nil
    }

    /// Creates a question and its version 1; returns its id.
    public func insert(
        bankID: UUID,
        categoryID: UUID?,
        externalKey: String?,
        language: String,
        content: QuestionContent,
        note: String,
        author: Author,
        in db: TenantConnection
    ) async throws -> UUID {
        let id = UUID()
        try await db.run(
            """
            INSERT INTO questions (tenant_id, id, bank_id, category_id, external_key, language, latest_version)
            VALUES (\(db.tenantID), \(id), \(bankID), \(categoryID), \(externalKey), \(language), 1)
            """
        )
        try await insertVersion(questionID: id, number: 1, language: language, content: content, note: note, author: author, in: db)
        return id
    }

    /// Adds version `number` and makes it the latest.
    public func appendVersion(
        to question: Question,
        content: QuestionContent,
        note: String,
        author: Author,
        in db: TenantConnection
    ) async throws -> Int {
        let number = question.latestVersion + 1
        try await insertVersion(
            questionID: question.id,
            number: number,
            language: question.language,
            content: content,
            note: note,
            author: author,
            in: db
        )
        try await db.run(
            "UPDATE questions SET latest_version = \(number), updated_at = now() WHERE tenant_id = \(db.tenantID) AND id = \(question.id)"
        )
        return number
    }

    private func insertVersion(
        questionID: UUID,
        number: Int,
        language: String,
        content c: QuestionContent,
        note: String,
        author: Author,
        in db: TenantConnection
    ) async throws {
        try await db.run(
            """
            INSERT INTO question_versions (tenant_id, question_id, number, language, prompt, field, level, difficulty, company,
                position_type, tags, keywords, hint, follow_ups, sample_answer, ideal_answer_words, time_limit_seconds, criteria,
                change_note, author_id, author_name)
            VALUES (\(db.tenantID), \(questionID), \(number), \(language), \(c.prompt), \(c.field), \(c.level.rawValue),
                \(c.difficulty.rawValue), \(c.company), \(c.positionType), \(c.tags), \(c.keywords), \(c.hint), \(c.followUps),
                \(c.sampleAnswer), \(c.idealAnswerWords), \(c.timeLimitSeconds), \(QuestionColumns.criteriaJSON(c.criteria))::jsonb,
                \(note), \(author.id), \(author.name))
            """
        )
    }

    /// Every version of a question, newest first.
    public func versions(of questionID: UUID, in db: TenantConnection) async throws -> [QuestionVersion] {
        try await readVersions(of: questionID, number: nil, in: db)
    }

    /// One version, or nil.
    public func version(_ number: Int, of questionID: UUID, in db: TenantConnection) async throws -> QuestionVersion? {
        try await readVersions(of: questionID, number: number, in: db).first
    }

    private func readVersions(of questionID: UUID, number: Int?, in db: TenantConnection) async throws -> [QuestionVersion] {
        var versions: [QuestionVersion] = []
        let rows = try await db.connection.send(
            """
            SELECT v.number, v.change_note, v.author_name, v.created_at, \(unescaped: QuestionColumns.content)
              FROM question_versions v
             WHERE v.tenant_id = \(db.tenantID) AND v.question_id = \(questionID) AND (\(number)::int IS NULL OR v.number = \(number))
             ORDER BY v.number DESC
            """,
            logger: db.logger
        )
        for try await row in rows {
            let r = row.makeRandomAccess()
            versions.append(
                QuestionVersion(
                    number: try r[0].decode(Int.self),
                    content: try QuestionColumns.content(r, at: 4),
                    changeNote: try r[1].decode(String.self),
                    authorName: try r[2].decode(String.self),
                    createdAt: try r[3].decode(Date.self)
                )
            )
        }
        return versions
    }

    /// Sets the status and the version candidates see.
    public func setState(of id: UUID, status: QuestionStatus, publishedVersion: Int?, in db: TenantConnection) async throws {
        try await db.run(
            """
            UPDATE questions SET status = \(status.rawValue), published_version = \(publishedVersion), updated_at = now()
             WHERE tenant_id = \(db.tenantID) AND id = \(id)
            """
        )
    }

    /// Moves a question to another category of its bank (nil: the top).
    public func move(_ id: UUID, to categoryID: UUID?, in db: TenantConnection) async throws {
        try await db.run(
            "UPDATE questions SET category_id = \(categoryID), updated_at = now() WHERE tenant_id = \(db.tenantID) AND id = \(id)"
        )
    }
}

extension QuestionRepository {
    /// The question of `bankID` with `externalKey`, or nil.
    public func id(externalKey: String, bankID: UUID, in db: TenantConnection) async throws -> UUID? {
        try await db.first(
            "SELECT id FROM questions WHERE tenant_id = \(db.tenantID) AND bank_id = \(bankID) AND external_key = \(externalKey)",
            as: UUID.self
        )
    }
}

extension QuestionRepository {
    /// Every question of a bank with its latest version, for an import to match against.
    public func all(bankID: UUID, in db: TenantConnection) async throws -> [Question] {
        var result: [Question] = []
        let rows = try await db.connection.send(
            """
            SELECT \(unescaped: QuestionColumns.question) FROM questions q \(unescaped: QuestionColumns.questionJoins)
             WHERE q.tenant_id = \(db.tenantID) AND q.bank_id = \(bankID) ORDER BY q.created_at, q.id
            """,
            logger: db.logger
        )
        for try await row in rows { result.append(try QuestionColumns.question(row.makeRandomAccess())) }
        return result
    }
}
