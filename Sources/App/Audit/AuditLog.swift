import Foundation
import Logging
import PostgresNIO

/// Appends events inside the caller's transaction, so a change and its event commit or roll back together.
public struct AuditLog: Sendable {
    public init() {}

    /// Appends `event` to the tenant's log without waiting for anyone: the database gives it its time and list position,
    /// and ``AuditSealer`` links it into the hash chain once it has committed.
    public func record(_ event: AuditEvent, in db: TenantConnection) async throws {
        try await db.run(AuditInsertStatement(event, tenantID: db.tenantID))
    }

    /// Appends `event` unless its actor already has an event with the same action in the last `window` seconds, so a
    /// person probing URLs leaves a trace without flooding the log; returns whether it was recorded.
    @discardableResult
    public func recordRateLimited(
        _ event: AuditEvent,
        window: Int = 60,
        in db: TenantConnection
    ) async throws -> Bool {
        let recent = try await db.all(
            """
            SELECT EXISTS (SELECT 1 FROM audit_events
                            WHERE tenant_id = \(db.tenantID) AND actor_user_id = \(event.actor.userID) AND action = \(event.action.rawValue)
                              AND occurred_at > now() - make_interval(secs => \(window)))
            """,
            as: Bool.self
        )
        for exists in recent where exists { return false }
        try await record(event, in: db)
        return true
    }
}
