import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// One pooled connection held for a whole request and lent to each of its database calls in turn, so the tenant
/// lookup, the session check and the page's own transaction share one lease instead of taking three.
///
/// ``Database/withRequestLease(logger:_:)`` takes the lease and makes it ``current`` for the rest of the request.
/// ``Database/withConnection(_:)`` borrows it when it is free and leases a connection of its own when it is not:
/// two calls running at the same time (a task group) never share a connection, and a task that outlives the request
/// finds the lease released. Work that takes long and needs no database (hashing a password, printing a PDF, asking a
/// chat model) calls ``releaseCurrent()`` first, so a burst of it cannot hold the pool.
///
/// The session check leaves its read transaction open on the lease (``Database/withTenant(_:logger:leaveOpenIf:_:)``)
/// and the page's first transaction on the same tenant continues it, so a page sends no second BEGIN, claim and
/// COMMIT. Any other borrower commits that transaction first, and so does the lease before the pool gets the
/// connection back.
final class RequestLease: Sendable {
    @TaskLocal static var current: RequestLease?

    private enum State {
        /// Free to borrow; `openFor` names the tenant whose read transaction the session check left open on it.
        case idle(openFor: UUID?)
        case lent(releaseWhenBack: Bool)
        case released
    }

    let client: PostgresClient
    private let connection: PostgresConnection
    private let logger: Logger
    private let giveBack: @Sendable () -> Void
    private let state = NIOLockedValueBox(State.idle(openFor: nil))

    init(client: PostgresClient, connection: PostgresConnection, logger: Logger, giveBack: @escaping @Sendable () -> Void) {
        self.client = client
        self.connection = connection
        self.logger = logger
        self.giveBack = giveBack
    }

    /// Gives the current request's connection back to the pool; its later database calls lease their own.
    static func releaseCurrent() async { await current?.release() }

    /// The connection, unless another call has it or the lease has been released. A transaction left open on it
    /// goes on when it is `tenantID`'s (`continued`) and is committed first otherwise.
    func borrow(continuing tenantID: UUID? = nil) async throws -> (connection: PostgresConnection, continued: Bool)? {
        let open: UUID?? = state.withLockedValue { state in
            guard case .idle(let open) = state else { return nil }
            state = .lent(releaseWhenBack: false)
            return .some(open)
        }
        guard case .some(let openFor) = open else { return nil }
        if let openFor, openFor == tenantID { return (connection, true) }
        if openFor != nil {
            do {
                try await connection.commit(logger: logger)
            } catch {
                putBack()
                throw error
            }
        }
        return (connection, false)
    }

    /// Ends a borrow and leaves the borrower's transaction open for the request's next call on `tenantID`; false
    /// (the borrow goes on) when the lease is to be released, and the borrower must then commit and ``putBack()``.
    func leaveOpen(for tenantID: UUID) -> Bool {
        state.withLockedValue { state in
            guard case .lent(releaseWhenBack: false) = state else { return false }
            state = .idle(openFor: tenantID)
            return true
        }
    }

    /// Ends a borrow; the connection goes back to the pool now if it was released meanwhile.
    func putBack() {
        let release: Bool = state.withLockedValue { state in
            guard case .lent(let releaseWhenBack) = state else { return false }
            state = releaseWhenBack ? .released : .idle(openFor: nil)
            return releaseWhenBack
        }
        if release { giveBack() }
    }

    /// Gives the connection back to the pool, or once the call that has borrowed it is done with it. A transaction
    /// left open on it is committed first (it has only read), so the pool never hands out a connection inside one.
    func release() async {
        let open: UUID?? = state.withLockedValue { state in
            switch state {
            case .idle(let open):
                state = open == nil ? .released : .lent(releaseWhenBack: true)
                return .some(open)
            case .lent:
                state = .lent(releaseWhenBack: true)
                return nil
            case .released:
                return nil
            }
        }
        guard case .some(let openFor) = open else { return }
        guard openFor != nil else { return giveBack() }
        await settle()
        putBack()
    }

    /// Commits the transaction left open on the connection, or closes the connection if that fails.
    private func settle() async {
        do {
            try await connection.commit(logger: logger)
        } catch {
            try? await connection.close()
        }
    }

    /// Ends the request's hold: waits for a call still borrowing the connection (only a task that outlived the
    /// request can be) so the connection never goes back to the pool while it is in use.
    func end() async {
        await release()
        while case .lent = state.withLockedValue({ $0 }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
