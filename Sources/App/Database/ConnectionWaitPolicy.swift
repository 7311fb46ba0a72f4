import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// When a request stops waiting for a pooled connection and gets a 503 page instead.
///
/// After ``wait`` it gives up if every connection is in use (the pool is saturated, say behind a lock) or if PostgreSQL
/// does not accept a TCP connection (it is down or restarting). If the pool is merely slow to open a connection, as on a
/// machine short of CPU, the request keeps waiting, checking again every quarter of a second, up to ``longestWait``.
/// One instance is shared by every copy of a ``Database``.
public final class ConnectionWaitPolicy: Sendable {
    /// The first bound (`COACH_DB_WAIT_SECONDS`).
    public let wait: Duration
    /// The bound while PostgreSQL accepts connections and some are free, but the pool has not opened one yet.
    public let longestWait: Duration
    let maximumConnections: Int
    /// Where PostgreSQL listens; nil skips the check (it is then taken to be up).
    let address: (host: String, port: Int)?
    private let lastProbe = NIOLockedValueBox<(at: ContinuousClock.Instant, accepted: Bool)?>(nil)

    public init(wait: Duration, longestWait: Duration = .seconds(15), maximumConnections: Int, host: String?, port: Int) {
        self.wait = wait
        self.longestWait = max(wait, longestWait)
        self.maximumConnections = maximumConnections
        self.address = host.map { ($0, port) }
    }

    /// Why a request that has `waited` this long should stop waiting, while requests hold `inUse` connections, or nil
    /// to wait on.
    func reasonToStop(waited: Duration, inUse: Int) async -> DatabaseUnavailable.Reason? {
        if inUse >= maximumConnections { return .poolExhausted }
        if waited >= longestWait { return .noConnectionInTime }
        return await acceptsConnections() ? nil : .unreachable
    }

    /// Whether PostgreSQL's port accepts a TCP connection within half a second. The answer is kept for a quarter of a
    /// second, so a queue of waiting requests checks once. PostgreSQL logs nothing for a connection that sends nothing.
    private func acceptsConnections() async -> Bool {
        guard let address else { return true }
        if let last = lastProbe.withLockedValue({ $0 }), ContinuousClock.now - last.at < .milliseconds(250) { return last.accepted }
        let accepted: Bool
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(500))
                .connect(host: address.host, port: address.port)
                .get()
            try? await channel.close().get()
            accepted = true
        } catch {
            accepted = false
        }
        lastProbe.withLockedValue { $0 = (ContinuousClock.now, accepted) }
        return accepted
    }
}
