import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle

/// Links committed audit events into their tenant's hash chain, in the background.
///
/// Audited writes insert their event unsealed and take no lock (migration 0011), so one tenant's writers do not queue
/// on its chain. Every `interval` this service asks which tenants have unsealed events and seals them in list order,
/// `batch` per transaction, as `coach_app` under each tenant's claim. Two servers may run it at once: `audit_seal`
/// lets one sealer per tenant work and the other finds nothing to do. On shutdown it makes a last pass, so a stop
/// leaves no tail it could have sealed.
public struct AuditSealer: Service {
    let database: Database
    let interval: Duration
    let batch: Int
    let logger: Logger

    public init(database: Database, interval: Duration = .milliseconds(200), batch: Int = 2000, logger: Logger) {
        self.database = database
        self.interval = interval
        self.batch = batch
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await sealEveryTenant()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
        // A graceful shutdown (the pool is still up) gets a last pass; cancellation means stop now.
        if !Task.isCancelled { await sealEveryTenant() }
    }

    /// One pass over every tenant with unsealed events; returns how many events it sealed. Failures are logged and the
    /// next pass tries again.
    @discardableResult
    public func sealEveryTenant() async -> Int {
        var sealed = 0
        do {
            let waiting = try await unsealedTenants()
            Self.report(waiting)
            for (tenantID, _) in waiting {
                sealed += try await sealTenant(tenantID)
            }
        } catch {
            logger.warning("audit sealing failed; retrying on the next pass", metadata: ["error": "\(String(reflecting: error))"])
        }
        Counter(label: "coach_audit_sealed_events_total").increment(by: sealed)
        return sealed
    }

    /// Seals one tenant's committed events, a batch per transaction, until none is left, another sealer has them, or
    /// the server is stopping: a backlog of millions would otherwise hold up a shutdown for minutes, and the next start
    /// carries on where this one stopped.
    func sealTenant(_ tenantID: UUID) async throws -> Int {
        var total = 0
        while true {
            let sealed = try await database.withTenant(tenantID, logger: logger) { db in
                try await Self.seal(in: db, limit: batch)
            }
            total += sealed
            if sealed < batch || Task.isShuttingDownGracefully || Task.isCancelled { return total }
        }
    }

    /// Seals up to `limit` of the claimed tenant's committed unsealed events inside the caller's transaction; returns
    /// how many (0 when another transaction is sealing this tenant).
    public static func seal(in db: TenantConnection, limit: Int) async throws -> Int {
        let sealed: Int32? = try await db.first("SELECT audit_seal(\(db.tenantID), \(Int32(clamping: limit)))", as: Int32.self)
        return sealed.map { Int($0) } ?? 0
    }

    /// Seals every committed unsealed event of the claimed tenant inside the caller's transaction, in batches of
    /// `batch` (the function's arrays grow with the batch); returns how many.
    @discardableResult
    public static func sealAll(in db: TenantConnection, batch: Int = 2000) async throws -> Int {
        var total = 0
        while true {
            let sealed = try await seal(in: db, limit: batch)
            total += sealed
            if sealed < batch { return total }
        }
    }

    /// Tenants with unsealed events, each with the time of its oldest one.
    func unsealedTenants() async throws -> [(UUID, Date)] {
        try await database.all("SELECT tenant_id, oldest FROM audit_unsealed_tenants()", as: (UUID, Date).self, logger: logger)
    }

    /// Publishes how many tenants have events waiting and the age of the oldest one (the sealing lag) as gauges.
    static func report(_ waiting: [(UUID, Date)], now: Date = Date()) {
        let oldest = waiting.map(\.1).min()
        Gauge(label: "coach_audit_tenants_unsealed").record(waiting.count)
        Gauge(label: "coach_audit_sealing_lag_seconds").record(oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }
}
