import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

extension PostgresClient {
    /// Runs `body` on a pooled connection in the caller's task, waiting for the connection only as long as `policy` says
    /// (without one, as long as the pool takes); `usage` counts the wait and the lease.
    ///
    /// postgres-nio's pool queues a lease until a connection is free or can be opened, with no bound of its own: while
    /// PostgreSQL is down or restarting, or every connection is busy, a request would hang until its client gave up.
    /// Here a child task takes the lease and lends the connection to the caller; when `policy` says to stop waiting,
    /// the lease is cancelled and the caller gets ``DatabaseUnavailable``. Only the wait is bounded: `body` takes as
    /// long as it needs, and the connection goes back to the pool when it returns, or earlier when it calls the closure
    /// it is handed (``RequestLease`` does, when a request gives its connection back before it ends).
    func withConnection<Result>(
        policy: ConnectionWaitPolicy?,
        usage: PoolUsage,
        _ body: (PostgresConnection, _ giveBack: @escaping @Sendable () -> Void) async throws -> Result
    ) async throws -> Result {
        let handoff = ConnectionHandoff()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await self.withConnection { connection in
                        usage.leased()
                        defer { usage.released() }
                        await handoff.lend(connection)
                    }
                } catch {
                    handoff.end(DatabaseUnavailable(.poolRefused))
                }
            }
            let watch = policy.map { WaitWatch.start(policy: $0, handoff: handoff, usage: usage) }
            let connection: PostgresConnection
            usage.waitStarted()
            do {
                connection = try await withTaskCancellationHandler {
                    try await handoff.borrow()
                } onCancel: {
                    handoff.end(CancellationError())
                }
                usage.waitEnded()
                watch?.cancel()
            } catch {
                usage.waitEnded()
                watch?.cancel()
                group.cancelAll()
                throw error
            }
            defer { handoff.giveBack() }
            return try await body(connection) { handoff.giveBack() }
        }
    }
}

/// What ends a wait that the policy bounds: a timer on an event loop, which cancelling frees at once, and only when it
/// fires a task that asks the policy every quarter of a second whether to stop. It used to be a child task sleeping
/// for the first bound: a cancelled `Task.sleep` stays allocated, with its dispatch timer, until its deadline, between
/// the request's own short-lived allocations, so the heap fragmented and the resident size grew with the request rate
/// (BENCHMARKS run 16).
enum WaitWatch {
    static func start(policy: ConnectionWaitPolicy, handoff: ConnectionHandoff, usage: PoolUsage) -> Scheduled<Void> {
        let started = ContinuousClock.now
        let first = TimeAmount.nanoseconds(Int64(policy.wait / .nanoseconds(1)))
        return MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: first) {
            Task {
                while handoff.isWaiting {
                    if let reason = await policy.reasonToStop(waited: ContinuousClock.now - started, inUse: usage.inUse) {
                        return handoff.end(DatabaseUnavailable(reason))
                    }
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
        }
    }
}

/// Passes one leased connection from the task that holds the lease to the task that uses it, and back. Whichever comes
/// first wins: the connection, or the end of the wait (the policy gave up or the lease failed); a connection that
/// arrives after the wait ended goes straight back to the pool.
final class ConnectionHandoff: Sendable {
    private enum State {
        case waiting(borrower: CheckedContinuation<PostgresConnection, any Error>?)
        case lent(PostgresConnection, lender: CheckedContinuation<Void, Never>)
        case inUse(lender: CheckedContinuation<Void, Never>)
        case ended(any Error)
        case returned
    }

    private let state = NIOLockedValueBox(State.waiting(borrower: nil))

    /// The connection, once the lender has it; throws what ended the wait.
    func borrow() async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { borrower in
            let resume: () -> Void = state.withLockedValue { state in
                switch state {
                case .waiting:
                    state = .waiting(borrower: borrower)
                    return {}
                case .lent(let connection, let lender):
                    state = .inUse(lender: lender)
                    return { borrower.resume(returning: connection) }
                case .ended(let error):
                    return { borrower.resume(throwing: error) }
                case .inUse, .returned:
                    preconditionFailure("A connection handoff was borrowed twice.")
                }
            }
            resume()
        }
    }

    /// Lends `connection` and suspends until the borrower gives it back (at once if the wait already ended).
    func lend(_ connection: PostgresConnection) async {
        await withCheckedContinuation { lender in
            let resume: () -> Void = state.withLockedValue { state in
                switch state {
                case .waiting(let borrower?):
                    state = .inUse(lender: lender)
                    return { borrower.resume(returning: connection) }
                case .waiting(nil):
                    state = .lent(connection, lender: lender)
                    return {}
                case .ended, .returned, .lent, .inUse:
                    return { lender.resume() }
                }
            }
            resume()
        }
    }

    /// Whether the borrower is still waiting for a connection.
    var isWaiting: Bool {
        state.withLockedValue { state in
            if case .waiting = state { return true }
            return false
        }
    }

    /// Ends the wait with `error`, unless a connection came first.
    func end(_ error: any Error) {
        let borrower: CheckedContinuation<PostgresConnection, any Error>? = state.withLockedValue { state in
            guard case .waiting(let borrower) = state else { return nil }
            state = .ended(error)
            return borrower
        }
        borrower?.resume(throwing: error)
    }

    /// Hands the connection back to the lender, which releases it to the pool.
    func giveBack() {
        let lender: CheckedContinuation<Void, Never>? = state.withLockedValue { state in
            switch state {
            case .inUse(let lender), .lent(_, let lender):
                state = .returned
                return lender
            case .waiting, .ended, .returned:
                return nil
            }
        }
        lender?.resume()
    }
}
