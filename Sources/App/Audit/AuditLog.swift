import Foundation
import Logging
import PostgresNIO

/// Appends events inside the caller's transaction, so a change and its event commit or roll back together.
public struct AuditLog: Sendable {
    public init() {}

    /// Appends `event` to the tenant's log without waiting for anyone: the database gives it its time and list position,
    /// and ``AuditSealer`` links it into the hash chain once it has committed.
    public func record(_ event: AuditEvent, in db: TenantConnection) async throws {
        try await db.run(
            """
            INSERT INTO audit_events (tenant_id, actor_user_id, actor_label, actor_email, actor_name, actor_role, action,
                                      target_type, target_id, target_label, outcome, ip, user_agent, request_id,
                                      details, before, after)
            VALUES (\(db.tenantID), \(event.actor.userID), \(String(event.actor.label.prefix(320))), \(event.actor.email),
                    \(event.actor.name), \(event.actor.role), \(event.action.rawValue),
                    \(event.targetType), \(event.targetID), \(event.targetLabel.map { String($0.prefix(320)) }), \(event.outcome.rawValue),
                    \(event.ip)::inet, \(event.userAgent.map { String($0.prefix(512)) }), \(event.requestID),
                    \(event.detailsJSON)::jsonb, \(AuditEvent.json(event.before))::jsonb, \(AuditEvent.json(event.after))::jsonb)
            """
        )
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
