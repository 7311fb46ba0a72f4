import Foundation
import Logging
import PostgresNIO

/// Appends events inside the caller's transaction, so a change and its event commit or roll back together.
public struct AuditLog: Sendable {
    public init() {}

    /// Appends `event` to `tenantID`'s chain; the database assigns seq, time and hashes.
    public func record(_ event: AuditEvent, tenantID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO audit_events (tenant_id, actor_user_id, actor_label, actor_email, actor_name, actor_role, action,
                                      target_type, target_id, target_label, outcome, ip, user_agent, request_id,
                                      details, before, after, prev_hash, hash)
            VALUES (\(tenantID), \(event.actor.userID), \(String(event.actor.label.prefix(320))), \(event.actor.email),
                    \(event.actor.name), \(event.actor.role), \(event.action.rawValue),
                    \(event.targetType), \(event.targetID), \(event.targetLabel.map { String($0.prefix(320)) }), \(event.outcome.rawValue),
                    \(event.ip)::inet, \(event.userAgent.map { String($0.prefix(512)) }), \(event.requestID),
                    \(event.detailsJSON)::jsonb, \(AuditEvent.json(event.before))::jsonb, \(AuditEvent.json(event.after))::jsonb,
                    ''::bytea, ''::bytea)
            """,
            logger: logger
        )
    }
}
