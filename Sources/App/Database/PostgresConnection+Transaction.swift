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
        if !leaveOpen(result) { try await statement("COMMIT", logger: logger) }
        return result
    }

    /// Runs a statement without rows, or throws ``DatabaseUnavailable`` if the connection has already closed.
    func statement(_ sql: PostgresQuery, logger: Logger) async throws {
        _ = try await send(sql, logger: logger)
    }

    /// Sends `sql` from the connection's own event loop (``EventLoopTaskExecutor`` says why), or throws
    /// ``DatabaseUnavailable`` if the connection has already closed. The rows are read wherever the caller runs.
    func send(_ sql: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await withTaskExecutorPreference(EventLoopTaskExecutor.of(eventLoop)) {
            guard !isClosed else { throw DatabaseUnavailable(.connectionLost) }
            return try await query(sql, logger: logger)
        }
    }
}
