import PostgresNIO

/// PostgreSQL cannot serve this request now. The error pages answer it with 503 and `Retry-After` instead of a 500:
/// the request may well succeed a few seconds later, and nothing about it was wrong.
public struct DatabaseUnavailable: Error, CustomStringConvertible, Sendable {
    public enum Reason: String, Sendable {
        /// Every pooled connection stayed in use for the whole wait (``ConnectionWaitPolicy``).
        case poolExhausted = "pool_exhausted"
        /// PostgreSQL did not accept a TCP connection: it is down or restarting.
        case unreachable
        /// PostgreSQL accepts connections, but the pool opened none within the longest wait.
        case noConnectionInTime = "no_connection_in_time"
        /// The pool refused the lease: it is shutting down, or it has stopped trying to connect for now.
        case poolRefused = "pool_refused"
        /// The connection failed under the request: PostgreSQL shut down, restarted or dropped it.
        case connectionLost = "connection_lost"
    }

    public let reason: Reason

    public init(_ reason: Reason) {
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .poolExhausted: "Every database connection stayed busy for longer than a request may wait."
        case .unreachable: "The database does not accept connections."
        case .noConnectionInTime: "No database connection could be opened in time."
        case .poolRefused: "The database connection pool refused the request because it cannot connect or is shutting down."
        case .connectionLost: "The database connection failed while the request was using it."
        }
    }

    /// SQLSTATEs that say the server went away or will not take connections: connection exceptions (class 08),
    /// administrator or crash shutdown, "the database system is starting up", and too many connections.
    static let unavailableStates: Set<String> = ["57P01", "57P02", "57P03", "53300"]

    /// `error` as an unavailable database, looking inside transaction errors; nil for every other error, such as a
    /// constraint violation or a domain error thrown inside a transaction.
    public init?(_ error: any Error) {
        switch error {
        case let error as DatabaseUnavailable:
            self = error
        case let error as PSQLError:
            guard Self.isConnectionFailure(error) else { return nil }
            self.init(.connectionLost)
        case let error as PostgresTransactionError:
            let parts: [(any Error)?] = [error.beginError, error.closureError, error.commitError, error.rollbackError]
            guard let found = parts.lazy.compactMap({ $0.flatMap(DatabaseUnavailable.init) }).first else { return nil }
            self = found
        default:
            return nil
        }
    }

    static func isConnectionFailure(_ error: PSQLError) -> Bool {
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
            return true
        case .server:
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("08") || unavailableStates.contains(state)
        default:
            return false
        }
    }
}
