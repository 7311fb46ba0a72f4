import Foundation
import PostgresNIO

/// One row of the question list and the keyset position it ends at.
public struct QuestionListRow: Sendable {
    public let question: Question
    public let cursor: QuestionFilter.Cursor
}

/// The bank names and category paths a listing's rows show, by id.
public struct QuestionNames: Sendable {
    public let banks: [UUID: String]
    public let categories: [UUID: [String]]

    public init(banks: [QuestionBank], categories: [QuestionCategory]) {
        self.banks = Dictionary(banks.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.categories = Dictionary(categories.map { ($0.id, $0.path) }, uniquingKeysWith: { first, _ in first })
    }
}

/// What the question list page reads: the tenant's banks and categories, which its filters offer, and a page of
/// questions named from them.
public struct QuestionListing: Sendable {
    public let page: KeysetPage<QuestionListRow>
    public let banks: [QuestionBank]
    public let categories: [QuestionCategory]
    /// The rows' names, by id, from `banks` and `categories`.
    public let names: QuestionNames
}

extension QuestionRepository {
    /// The question list page's reads, in the caller's transaction: banks, categories, then the page of ``ListPage/size``
    /// questions matching `filter`, each with only what a listing shows (``QuestionColumns/listed``).
    public func listing(_ filter: QuestionFilter, in db: TenantConnection) async throws -> QuestionListing {
        let banks = BankRepository()
        let (bankList, categoryList) = (try await banks.banks(in: db), try await banks.categories(in: db))
        let names = QuestionNames(banks: bankList, categories: categoryList)
        let page: KeysetPage<QuestionListRow>
        if !filter.isNarrowed, filter.after == nil {
            let bindings = PostgresBindings(db.tenantID)
            let rows =
                filter.sort == .updated
                ? try await db.rows(RecentQuestionsStatement(bindings: bindings))
                : try await db.rows(NewestQuestionsStatement(bindings: bindings))
            page = try await Self.listed(rows, names: names, limit: ListPage.size)
        } else {
            page = try await self.page(filter, limit: ListPage.size, names: names, in: db)
        }
        return QuestionListing(page: page, banks: bankList, categories: categoryList, names: names)
    }

    /// Up to `limit` questions matching `filter`, after its cursor, in its sort order, with their whole content, as
    /// an export needs them; keyset-paginated (no OFFSET), so rows inserted meanwhile never shift a page.
    public func page(_ filter: QuestionFilter, limit: Int, in db: TenantConnection) async throws -> KeysetPage<QuestionListRow> {
        try await page(filter, limit: limit, names: nil, in: db)
    }

    /// ``page(_:limit:in:)``, or with `names` a listing's page (``QuestionColumns/listed``).
    private func page(
        _ filter: QuestionFilter,
        limit: Int,
        names: QuestionNames?,
        in db: TenantConnection
    ) async throws
        -> KeysetPage<QuestionListRow>
    {
        let sortColumn = filter.sort == .updated ? "q.updated_at" : "q.created_at"
        let rows = try await db.connection.send(
            """
            \(unescaped: Self.listSelect(sortColumn: sortColumn, listing: names != nil))
             WHERE q.tenant_id = \(db.tenantID)
               AND (\(filter.bankID)::uuid IS NULL OR q.bank_id = \(filter.bankID))
               AND (\(filter.categoryID)::uuid IS NULL OR q.category_id IN (
                    SELECT d.id FROM question_categories d JOIN question_categories p
                        ON p.tenant_id = d.tenant_id AND p.bank_id = d.bank_id AND d.path[1:cardinality(p.path)] = p.path
                     WHERE d.tenant_id = \(db.tenantID) AND p.id = \(filter.categoryID)))
               AND (\(filter.difficulty?.rawValue)::text IS NULL OR v.difficulty = \(filter.difficulty?.rawValue))
               AND (\(filter.level?.rawValue)::text IS NULL OR v.level = \(filter.level?.rawValue))
               AND (\(filter.tag)::text IS NULL OR v.tags @> ARRAY[\(filter.tag)::text])
               AND (\(filter.status?.rawValue)::text IS NULL OR q.status = \(filter.status?.rawValue))
               AND (\(filter.search)::text IS NULL OR v.search @@ (
                    -- One query for the page (so the GIN index serves it): the words stemmed in each tenant language.
                    SELECT string_agg('(' || w.query::text || ')', ' | ')::tsquery
                      FROM (SELECT websearch_to_tsquery(search_config(l), \(filter.search)) AS query
                              FROM unnest((SELECT t.languages FROM tenants t WHERE t.id = \(db.tenantID))) l) w
                     WHERE numnode(w.query) > 0))
               AND (NOT \(filter.needsChecking) OR EXISTS (
                    SELECT 1 FROM question_version_stats st WHERE st.tenant_id = q.tenant_id AND st.question_id = q.id
                       AND st.version_number = coalesce(q.published_version, q.latest_version) AND st.needs_checking))
               AND (\(filter.translationLanguage)::text IS NULL OR q.language <> \(filter.translationLanguage)
                    AND \(filter.translationState?.rawValue) = (
                    SELECT CASE WHEN count(s.field) = 0 THEN 'missing'
                                WHEN bool_or(s.state = 'needs_review') THEN 'needs_review'
                                WHEN bool_and(s.state = 'reviewed') THEN 'reviewed' ELSE 'draft' END
                      FROM question_translation_states s
                     WHERE s.tenant_id = q.tenant_id AND s.question_id = q.id AND s.language = \(filter.translationLanguage)))
               AND (\(filter.after?.key)::timestamptz IS NULL
                    OR (\(unescaped: sortColumn), q.id) < (\(filter.after?.key)::timestamptz, \(filter.after?.id)))
             ORDER BY \(unescaped: sortColumn) DESC, q.id DESC
             LIMIT \(limit + 1)
            """,
            logger: db.logger
        )
        return try await Self.listed(rows, names: names, limit: limit)
    }

    /// The select list and joins of a question list ordered by `sortColumn`, up to the WHERE clause: the questions'
    /// columns (``QuestionColumns/question``, or for a `listing` ``QuestionColumns/listed``), then the sort key as the
    /// next page's cursor prints it.
    static func listSelect(sortColumn: String, listing: Bool) -> String {
        """
        SELECT \(listing ? QuestionColumns.listed : QuestionColumns.question),
               to_char(\(sortColumn) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
          FROM questions q \(listing ? QuestionColumns.versionJoin : QuestionColumns.questionJoins)
        """
    }

    /// The statement of an admin's first view of the list, sorted by `sortColumn`: no filter and no position, so its
    /// text is fixed and it is prepared (``FixedStatement``); `$1` is the tenant.
    static func firstPageSQL(sortColumn: String) -> String {
        """
        \(listSelect(sortColumn: sortColumn, listing: true))
         WHERE q.tenant_id = $1 ORDER BY \(sortColumn) DESC, q.id DESC LIMIT \(ListPage.size + 1)
        """
    }

    /// Decodes a list's rows (``listSelect(sortColumn:listing:)``, a listing's when there are `names`) into a page of
    /// `limit`.
    private static func listed<Rows: AsyncSequence>(
        _ rows: Rows,
        names: QuestionNames?,
        limit: Int
    ) async throws
        -> KeysetPage<QuestionListRow> where Rows.Element == PostgresRow
    {
        var fetched: [QuestionListRow] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let question = try names.map { try QuestionColumns.listedQuestion(columns, names: $0) } ?? QuestionColumns.question(columns)
            let key = try columns[names == nil ? QuestionColumns.questionColumnCount : QuestionColumns.listedColumnCount].decode(String.self)
            fetched.append(QuestionListRow(question: question, cursor: QuestionFilter.Cursor(key: key, id: question.id)))
        }
        return KeysetPage(fetched: fetched, limit: limit)
    }

    /// Per version of a question: attempts, mean, spread, the bank's mean and the "needs checking" flag.
    public func statistics(of questionID: UUID, in db: TenantConnection) async throws -> [VersionStatistics] {
        try await db.all(
            """
            SELECT version_number, attempts, mean::float8, spread::float8, bank_mean::float8, needs_checking
              FROM question_version_stats WHERE tenant_id = \(db.tenantID) AND question_id = \(questionID)
             ORDER BY version_number DESC
            """,
            as: (Int, Int, Double, Double, Double, Bool).self
        ).map { VersionStatistics(version: $0.0, attempts: $0.1, mean: $0.2, spread: $0.3, bankMean: $0.4, needsChecking: $0.5) }
    }
}

/// How candidates did on one version of a question.
public struct VersionStatistics: Sendable, Equatable {
    public let version: Int
    public let attempts: Int
    public let mean: Double
    public let spread: Double
    public let bankMean: Double
    public let needsChecking: Bool
}

/// The question list's first page, most recently changed first (``QuestionRepository/firstPageSQL(sortColumn:)``).
struct RecentQuestionsStatement: FixedStatement {
    static let name = "questions_recent"
    static let sql = QuestionRepository.firstPageSQL(sortColumn: "q.updated_at")
    let bindings: PostgresBindings
}

/// The question list's first page, newest first.
struct NewestQuestionsStatement: FixedStatement {
    static let name = "questions_newest"
    static let sql = QuestionRepository.firstPageSQL(sortColumn: "q.created_at")
    let bindings: PostgresBindings
}
