import Foundation
import PostgresNIO

/// Reads and writes translated fields; their state comes from the `question_translation_states` view.
public struct TranslationRepository: Sendable {
    public init() {}

    /// Every translated field of a question, by language.
    public func translations(of questionID: UUID, in db: TenantConnection) async throws -> [QuestionTranslation] {
        let rows = try await db.all(
            """
            SELECT t.language, t.field, t.value, t.source_version, s.state
              FROM question_translations t
              JOIN question_translation_states s ON s.tenant_id = t.tenant_id AND s.question_id = t.question_id
                                                AND s.language = t.language AND s.field = t.field
             WHERE t.tenant_id = \(db.tenantID) AND t.question_id = \(questionID)
             ORDER BY t.language
            """,
            as: (String, String, String, Int, String).self
        )
        var byLanguage: [String: [TranslatableField: TranslatedField]] = [:]
        for (language, field, value, source, state) in rows {
            guard let key = TranslatableField(rawValue: field) else { continue }
            byLanguage[language, default: [:]][key] = TranslatedField(
                language: language,
                field: field,
                value: value,
                sourceVersion: source,
                state: TranslationState(rawValue: state) ?? .draft
            )
        }
        return byLanguage.keys.sorted().map { QuestionTranslation(language: $0, fields: byLanguage[$0] ?? [:]) }
    }

    /// Writes one field, translated from `sourceVersion`.
    public func save(
        questionID: UUID,
        language: String,
        field: TranslatableField,
        value: String,
        sourceVersion: Int,
        reviewed: Bool,
        by userID: UUID?,
        in db: TenantConnection
    ) async throws {
        try await db.run(
            """
            INSERT INTO question_translations (tenant_id, question_id, language, field, value, source_version, status, updated_by)
            VALUES (\(db.tenantID), \(questionID), \(language), \(field.rawValue), \(value), \(sourceVersion),
                    \(reviewed ? "reviewed" : "draft"), \(userID))
            ON CONFLICT (tenant_id, question_id, language, field) DO UPDATE
               SET value = EXCLUDED.value, source_version = EXCLUDED.source_version, status = EXCLUDED.status,
                   updated_by = EXCLUDED.updated_by, updated_at = now()
            """
        )
    }

    /// Per language other than each question's own: questions whose translation is reviewed, needs review, is a draft
    /// or is missing (archived questions left out).
    public func coverage(languages: [String], in db: TenantConnection) async throws -> [(language: String, counts: [TranslationState: Int])] {
        var result: [(String, [TranslationState: Int])] = []
        for language in languages {
            let rows = try await db.all(
                """
                WITH per_question AS (
                    SELECT q.id,
                           CASE WHEN count(s.field) = 0 THEN 'missing'
                                WHEN bool_or(s.state = 'needs_review') THEN 'needs_review'
                                WHEN count(s.field) FILTER (WHERE s.state = 'reviewed') >= (
                                    (btrim(r.prompt) <> '')::int + (r.hint <> '')::int + (r.sample_answer <> '')::int
                                    + (cardinality(r.follow_ups) > 0)::int) THEN 'reviewed'
                                ELSE 'draft' END AS state
                      FROM questions q
                      JOIN question_versions r ON r.tenant_id = q.tenant_id AND r.question_id = q.id
                                              AND r.number = coalesce(q.published_version, q.latest_version)
                      LEFT JOIN question_translation_states s ON s.tenant_id = q.tenant_id AND s.question_id = q.id
                                                             AND s.language = \(language)
                     WHERE q.tenant_id = \(db.tenantID) AND q.status <> 'archived' AND q.language <> \(language)
                     GROUP BY q.id, r.prompt, r.hint, r.sample_answer, r.follow_ups)
                SELECT state, count(*)::int FROM per_question GROUP BY state
                """,
                as: (String, Int).self
            )
            var counts: [TranslationState: Int] = [:]
            for (state, count) in rows { counts[TranslationState(rawValue: state) ?? .draft] = count }
            result.append((language, counts))
        }
        return result
    }
}
