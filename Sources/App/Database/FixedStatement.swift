import PostgresNIO

/// A statement whose text never changes, only its values: prepared on each pooled connection the first time it runs
/// there, then parsed and planned no more. A list page's statements cost PostgreSQL more to plan than to run (each table
/// under its tenant policy), so the statements every view of a page sends are written this way; statements whose text
/// depends on the request (a filtered search) stay one-off queries.
///
/// PostgreSQL may then reuse one plan for every tenant. That plan still runs the policies' `(SELECT app_tenant())` on
/// each execution, so each transaction's claim is checked as before (`FixedStatementTests`). Keep the values few and
/// the SQL free of optional filters (`$n IS NULL OR …`): a plan made once cannot drop the branches that do not apply.
/// Write a LIMIT as a number, not a value (``ListPage``).
protocol FixedStatement: PostgresPreparedStatement where Row == PostgresRow {
    /// The statement's values, in the order of its `$n`.
    var bindings: PostgresBindings { get }
}

extension FixedStatement {
    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// How many rows the audit log, people and question lists show a page. Their first-page statements fetch one more
/// (to know whether another page follows) with the number written into the SQL: PostgreSQL never settles on one plan
/// for a statement whose LIMIT is a value (`pg_prepared_statements` counted custom plans only), so it would plan it
/// on every run as before.
public enum ListPage {
    public static let size = 50
}

extension PostgresBindings {
    /// The bindings for `values`, in order. A statement with a value that may be NULL declares its
    /// `bindingDataTypes` instead of relying on this: a NULL carries no type, and the types are fixed when the
    /// statement is first prepared.
    init<each Value: PostgresNonThrowingEncodable>(_ values: repeat each Value) {
        self.init()
        repeat append(each values)
    }
}

extension TenantConnection {
    /// Every row of a fixed statement, decoded.
    func all<each Column: PostgresDecodable>(
        _ statement: some FixedStatement,
        as type: (repeat each Column).Type
    ) async throws -> [(repeat each Column)] {
        var rows: [(repeat each Column)] = []
        for try await row in try await connection.send(prepared: statement, logger: logger) {
            rows.append(try row.decode(type))
        }
        return rows
    }

    /// The first row of a fixed statement, decoded; nil when there is none. The rows after it are read (and
    /// dropped), so that an error PostgreSQL sends after them is thrown here.
    func first<each Column: PostgresDecodable>(
        _ statement: some FixedStatement,
        as type: (repeat each Column).Type
    ) async throws -> (repeat each Column)? {
        var first: (repeat each Column)?
        for try await row in try await connection.send(prepared: statement, logger: logger) where first == nil {
            first = try row.decode(type)
        }
        return first
    }

    /// Runs a fixed statement, reading past any rows it returns (``run(_:)``).
    func run(_ statement: some FixedStatement) async throws {
        try await connection.statement(prepared: statement, logger: logger)
    }

    /// The rows of a fixed statement, undecoded, for a repository that decodes them itself.
    func rows(_ statement: some FixedStatement) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow> {
        try await connection.send(prepared: statement, logger: logger)
    }
}
