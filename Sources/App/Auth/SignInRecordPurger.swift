import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Deletes sessions and sign-in attempts older than the retention period, in the background.
///
/// Both keep the IP address and user agent of a sign-in: personal data that the lockout checks need for minutes and an
/// investigation for weeks, not for the life of the tenant. Once an hour (the first pass a minute after start) this
/// service asks which tenants have records older than `retention` (migration 0012) and deletes them under each
/// tenant's claim, writing an `auth.sign_in_records_purged` event with the counts in the same transaction. A session
/// last seen that long ago has ended whatever its state: a tenant's idle limit is at most a day and its absolute limit
/// at most 30 days. A person's last sign-in stays on their user row.
public struct SignInRecordPurger: Service {
    public static let defaultRetention: Duration = .seconds(90 * 24 * 3600)
    let database: Database
    let retention: Duration
    let interval: Duration
    let logger: Logger

    public init(database: Database, retention: Duration = defaultRetention, interval: Duration = .seconds(3600), logger: Logger) {
        self.database = database
        self.retention = retention
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var passes = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let pause = passes == 0 ? min(interval, .seconds(60)) : interval
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                return
            }
            await purgeEveryTenant()
            passes += 1
        }
    }

    /// One pass: deletes every tenant's records last used before `now` minus the retention period; returns how many
    /// sessions and attempts it deleted. A failure is logged and the next pass tries again.
    @discardableResult
    public func purgeEveryTenant(now: Date = Date()) async -> (sessions: Int, attempts: Int) {
        let cutoff = now.addingTimeInterval(-Double(retention.components.seconds))
        var total = (sessions: 0, attempts: 0)
        do {
            let tenants = try await database.all("SELECT sign_in_records_older_than(\(cutoff))", as: UUID.self, logger: logger)
            for tenant in tenants {
                let purged = try await database.withTenant(tenant, logger: logger) { db in
                    try await Self.purge(olderThan: cutoff, days: Int(retention.components.seconds / 86400), in: db)
                }
                total = (total.sessions + purged.sessions, total.attempts + purged.attempts)
            }
        } catch {
            logger.warning("purging old sign-in records failed; retrying on the next pass", metadata: ["error": "\(String(reflecting: error))"])
        }
        return total
    }

    /// Deletes the claimed tenant's sessions last seen and attempts made before `cutoff`, and records how many, inside
    /// the caller's transaction.
    static func purge(olderThan cutoff: Date, days: Int, in db: TenantConnection) async throws -> (sessions: Int, attempts: Int) {
        let counts = try await db.first(
            """
            WITH sessions_gone AS (DELETE FROM sessions WHERE tenant_id = \(db.tenantID) AND last_seen_at < \(cutoff) RETURNING 1),
                 attempts_gone AS (DELETE FROM sign_in_attempts WHERE tenant_id = \(db.tenantID) AND attempted_at < \(cutoff) RETURNING 1)
            SELECT (SELECT count(*) FROM sessions_gone)::int, (SELECT count(*) FROM attempts_gone)::int
            """,
            as: (Int, Int).self
        )
        let (sessions, attempts) = counts ?? (0, 0)
        guard sessions + attempts > 0 else { return (0, 0) }
        try await AuditLog().record(
            AuditEvent(
                action: .signInRecordsPurged,
                actor: AuditActor(label: "retention", role: "system"),
                targetType: "sign_in_records",
                details: ["sessions": String(sessions), "attempts": String(attempts), "older_than_days": String(days)]
            ),
            in: db
        )
        return (sessions, attempts)
    }
}
