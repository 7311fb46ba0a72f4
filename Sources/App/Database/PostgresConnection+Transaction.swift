import Logging
import PostgresNIO

extension PostgresConnection {
    /// BEGIN, `body`, COMMIT, or ROLLBACK when `body` throws, on this connection. With `begun`, a transaction already
    /// open on the connection goes on instead of a new one beginning; when `leaveOpen` says so of the result, the
    /// transaction stays open (for a later call to continue it) instead of committing.
    ///
    /// Unlike postgres-nio's `withTransaction`, it sends no ROLLBACK after an error that says the connection failed, and
    /// checks that the connection is still open before each of its statements: postgres-nio 1.33 never answers a
    /// statement written to a connection whose socket has closed (``send(_:logger:)`` guards every statement), so the request
    /// would wait for good instead of getting its 503. PostgreSQL rolls back the transaction of a connection that ends.
    func transaction<Result>(
        logger: Logger,
        begun: Bool = false,
        leaveOpen: (Result) -> Bool = { _ in false },
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        if !begun { try await statement("BEGIN", logger: logger) }
        let result: Result
        do {
            result = try await body(self)
        } catch {
            if DatabaseUnavailable(error) == nil {
                try await statement("ROLLBACK", logger: logger)
            }
            throw error
        }
        if !leaveOpen(result) { try await commit(logger: logger) }
        return result
    }

    /// COMMIT, throwing ``TransactionRolledBack`` when PostgreSQL rolled back instead: it answers a COMMIT with
    /// "ROLLBACK" when a statement of the transaction failed, and does not repeat that statement's error.
    func commit(logger: Logger) async throws {
        let tag = try await whileOpen { try await query("COMMIT", logger: logger).get().metadata.command }
        guard tag == "COMMIT" else { throw TransactionRolledBack(command: tag) }
    }

    /// Runs a statement, reading its rows to the end: postgres-nio answers a statement that returns rows as soon as
    /// PostgreSQL describes them, and an error that comes after (a failed function or cast) arrives with the rows.
    /// Throws ``DatabaseUnavailable`` if the connection has already closed.
    func statement(_ sql: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await send(sql, logger: logger) {}
    }

    /// ``statement(_:logger:)`` for a prepared statement.
    func statement<Statement: PostgresPreparedStatement>(prepared statement: Statement, logger: Logger) async throws {
        for try await _ in try await send(prepared: statement, logger: logger) {}
    }

    /// Runs a prepared statement (prepared on this connection the first time) as ``send(_:logger:)`` runs a query:
    /// from the connection's own event loop, never on a connection that has closed.
    func send<Statement: PostgresPreparedStatement>(
        prepared statement: Statement,
        logger: Logger
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, Statement.Row> {
        try await whileOpen { try await execute(statement, logger: logger) }
    }

    /// Sends `sql` from the connection's own event loop (``EventLoopTaskExecutor`` says why), or throws
    /// ``DatabaseUnavailable`` if the connection has already closed. The rows are read wherever the caller runs.
    func send(_ sql: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await whileOpen { try await query(sql, logger: logger) }
    }

    /// Runs `write` (which sends one statement) on the connection's own event loop, where checking that the
    /// connection is open and writing to it cannot be separated by its socket closing; throws ``DatabaseUnavailable``
    /// if it has closed. Every statement the server sends on a pooled connection goes through here.
    private func whileOpen<Result>(_ write: () async throws -> Result) async throws -> Result {
        try await withTaskExecutorPreference(EventLoopTaskExecutor.of(eventLoop)) {
            guard !isClosed else { throw DatabaseUnavailable(.connectionLost) }
            return try await write()
        }
    }
}

/// PostgreSQL ended a transaction with ROLLBACK where COMMIT was asked: one of its statements failed without the error
/// reaching the caller. Nothing the transaction wrote was kept.
struct TransactionRolledBack: Error, CustomStringConvertible {
    let command: String
    var description: String { "COMMIT was answered with \(command): the transaction was rolled back" }
}
