import Metrics
import NIOConcurrencyHelpers

/// How many of a pool's connections requests hold, and how many requests are waiting for one.
///
/// `/metrics` shows both as `coach_db_pool_connections_in_use` and `coach_db_pool_requests_waiting`;
/// ``ConnectionWaitPolicy`` reads the first to tell a saturated pool from an unreachable database. postgres-nio keeps
/// its own counts private, so ``Database/withConnection(_:)`` counts its leases here. coach-server has one pool; in a
/// process with several (the tests), the gauges show whichever changed last.
final class PoolUsage: Sendable {
    private let counts = NIOLockedValueBox((inUse: 0, waiting: 0, taken: 0))
    // Made on first use, which comes after coach-server bootstraps metrics, its first step.
    private static let inUseGauge = Gauge(label: "coach_db_pool_connections_in_use")
    private static let waitingGauge = Gauge(label: "coach_db_pool_requests_waiting")

    var inUse: Int { counts.withLockedValue { $0.inUse } }
    /// Leases taken since the pool started.
    var taken: Int { counts.withLockedValue { $0.taken } }

    func waitStarted() { update { $0.waiting += 1 } }
    func waitEnded() { update { $0.waiting -= 1 } }
    func leased() {
        update {
            $0.inUse += 1
            $0.taken += 1
        }
    }
    func released() { update { $0.inUse -= 1 } }

    /// Changes the counts and publishes them under one lock, so the gauges never show an older value last.
    private func update(_ change: (inout (inUse: Int, waiting: Int, taken: Int)) -> Void) {
        counts.withLockedValue { counts in
            change(&counts)
            Self.inUseGauge.record(counts.inUse)
            Self.waitingGauge.record(counts.waiting)
        }
    }
}
