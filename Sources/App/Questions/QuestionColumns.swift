import Foundation
import PostgresNIO

/// The SQL column lists questions and versions are read with, and their decoders, kept side by side.
enum QuestionColumns {
    /// A version's content columns, from `question_versions v`, in ``content(_:at:)``'s order (14 columns).
    static let content = """
        v.prompt, v.field, v.level, v.difficulty, v.company, v.position_type, v.tags, v.keywords, v.hint, v.follow_ups,
        v.sample_answer, v.ideal_answer_words, v.time_limit_seconds, v.criteria::text
        """

    /// What a listing shows of a version's content, in ``content(_:at:whole:)``'s order when not `whole` (3 columns).
    static let listedContent = "v.prompt, v.level, v.difficulty"

    /// A question with its latest version: `questions q` joined to `question_banks b`, ``versionJoin`` and (left)
    /// `question_categories c` (11 columns, then ``content``).
    static let question = """
        q.id, q.bank_id, b.name, q.category_id, coalesce(c.path, '{}'), q.external_key, q.language, q.status,
        q.latest_version, q.published_version, q.updated_at, \(content)
        """

    /// How many columns ``question`` selects.
    static let questionColumnCount = 25

    /// What the question list shows of a question: ``question``'s columns without the bank's name and the category's
    /// path, which the page takes from the lists its filters offer (``QuestionNames``), and with only
    /// ``listedContent``. It needs only ``versionJoin``: every table joined under a tenant policy checks the claim
    /// again on each execution (9 columns, then ``listedContent``'s 3).
    static let listed = """
        q.id, q.bank_id, q.category_id, q.external_key, q.language, q.status, q.latest_version, q.published_version,
        q.updated_at, \(listedContent)
        """

    /// How many columns ``listed`` selects.
    static let listedColumnCount = 12

    /// The latest version of `questions q`, as `question_versions v`.
    static let versionJoin = "JOIN question_versions v ON v.tenant_id = q.tenant_id AND v.question_id = q.id AND v.number = q.latest_version"

    /// The joins ``question`` needs after `FROM questions q`.
    static let questionJoins = """
        JOIN question_banks b ON b.tenant_id = q.tenant_id AND b.id = q.bank_id
        \(versionJoin)
        LEFT JOIN question_categories c ON c.tenant_id = q.tenant_id AND c.id = q.category_id
        """

    /// The content at `offset`: ``content``'s columns, or for a listing (not `whole`) only ``listedContent``'s, the rest
    /// left empty. Fetching and decoding every text, array and the rubric's JSON was most of a question list page's CPU.
    static func content(_ row: PostgresRandomAccessRow, at offset: Int, whole: Bool = true) throws -> QuestionContent {
        guard whole else {
            return QuestionContent(
                prompt: try row[offset].decode(String.self),
                field: "",
                level: Level(rawValue: try row[offset + 1].decode(String.self)) ?? .mid,
                difficulty: Difficulty(rawValue: try row[offset + 2].decode(String.self)) ?? .medium,
                company: "",
                positionType: "",
                tags: [],
                keywords: [],
                hint: "",
                followUps: [],
                sampleAnswer: "",
                idealAnswerWords: nil,
                timeLimitSeconds: nil,
                criteria: []
            )
        }
        let criteriaJSON = try row[offset + 13].decode(String.self)
        return QuestionContent(
            prompt: try row[offset].decode(String.self),
            field: try row[offset + 1].decode(String.self),
            level: Level(rawValue: try row[offset + 2].decode(String.self)) ?? .mid,
            difficulty: Difficulty(rawValue: try row[offset + 3].decode(String.self)) ?? .medium,
            company: try row[offset + 4].decode(String.self),
            positionType: try row[offset + 5].decode(String.self),
            tags: try row[offset + 6].decode([String].self),
            keywords: try row[offset + 7].decode([String].self),
            hint: try row[offset + 8].decode(String.self),
            followUps: try row[offset + 9].decode([String].self),
            sampleAnswer: try row[offset + 10].decode(String.self),
            idealAnswerWords: try row[offset + 11].decode(Int?.self),
            timeLimitSeconds: try row[offset + 12].decode(Int?.self),
            criteria: (try? JSONDecoder().decode([Criterion].self, from: Data(criteriaJSON.utf8))) ?? []
        )
    }

    static func question(_ row: PostgresRandomAccessRow) throws -> Question {
        Question(
            id: try row[0].decode(UUID.self),
            bankID: try row[1].decode(UUID.self),
            bankName: try row[2].decode(String.self),
            categoryID: try row[3].decode(UUID?.self),
            categoryPath: try row[4].decode([String].self),
            externalKey: try row[5].decode(String?.self),
            language: try row[6].decode(String.self),
            status: QuestionStatus(rawValue: try row[7].decode(String.self)) ?? .draft,
            latestVersion: try row[8].decode(Int.self),
            publishedVersion: try row[9].decode(Int?.self),
            updatedAt: try row[10].decode(Date.self),
            content: try content(row, at: 11)
        )
    }

    /// A row of ``listed``, named from `names`.
    static func listedQuestion(_ row: PostgresRandomAccessRow, names: QuestionNames) throws -> Question {
        let bankID = try row[1].decode(UUID.self)
        let categoryID = try row[2].decode(UUID?.self)
        return Question(
            id: try row[0].decode(UUID.self),
            bankID: bankID,
            bankName: names.banks[bankID] ?? "",
            categoryID: categoryID,
            categoryPath: categoryID.flatMap { names.categories[$0] } ?? [],
            externalKey: try row[3].decode(String?.self),
            language: try row[4].decode(String.self),
            status: QuestionStatus(rawValue: try row[5].decode(String.self)) ?? .draft,
            latestVersion: try row[6].decode(Int.self),
            publishedVersion: try row[7].decode(Int?.self),
            updatedAt: try row[8].decode(Date.self),
            content: try content(row, at: 9, whole: false)
        )
    }

    /// The criteria as the `jsonb` column stores them.
    static func criteriaJSON(_ criteria: [Criterion]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(criteria)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
