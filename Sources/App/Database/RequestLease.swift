import NIOConcurrencyHelpers
import PostgresNIO

/// One pooled connection held for a whole request and lent to each of its database calls in turn, so the tenant
/// lookup, the session check and the page's own transaction share one lease instead of taking three.
///
/// ``Database/withRequestLease(_:)`` takes the lease and makes it ``current`` for the rest of the request.
/// ``Database/withConnection(_:)`` borrows it when it is free and leases a connection of its own when it is not:
/// two calls running at the same time (a task group) never share a connection, and a task that outlives the request
/// finds the lease released. Work that takes long and needs no database (hashing a password, printing a PDF, asking a
/// chat model) calls ``releaseCurrent()`` first, so a burst of it cannot hold the pool.
final class RequestLease: Sendable {
    @TaskLocal static var current: RequestLease?

    private enum State {
        case idle
        case lent(releaseWhenBack: Bool)
        case released
    }

    let client: PostgresClient
    private let connection: PostgresConnection
    private let giveBack: @Sendable () -> Void
    private let state = NIOLockedValueBox(State.idle)

    init(client: PostgresClient, connection: PostgresConnection, giveBack: @escaping @Sendable () -> Void) {
        self.client = client
        self.connection = connection
        self.giveBack = giveBack
    }

    /// Gives the current request's connection back to the pool; its later database calls lease their own.
    static func releaseCurrent() { current?.release() }

    /// The connection, unless another call has it or the lease has been released.
    func borrow() -> PostgresConnection? {
        state.withLockedValue { state in
            guard case .idle = state else { return nil }
            state = .lent(releaseWhenBack: false)
            return connection
        }
    }

    /// Ends a borrow; the connection goes back to the pool now if it was released meanwhile.
    func putBack() {
        let release: Bool = state.withLockedValue { state in
            guard case .lent(let releaseWhenBack) = state else { return false }
            state = releaseWhenBack ? .released : .idle
            return releaseWhenBack
        }
        if release { giveBack() }
    }

    /// Gives the connection back to the pool, or once the call that has borrowed it is done with it.
    func release() {
        let release: Bool = state.withLockedValue { state in
            switch state {
            case .idle:
                state = .released
                return true
            case .lent:
                state = .lent(releaseWhenBack: true)
                return false
            case .released:
                return false
            }
        }
        if release { giveBack() }
    }

    /// Ends the request's hold: waits for a call still borrowing the connection (only a task that outlived the
    /// request can be) so the connection never goes back to the pool while it is in use.
    func end() async {
        release()
        while case .lent = state.withLockedValue({ $0 }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
