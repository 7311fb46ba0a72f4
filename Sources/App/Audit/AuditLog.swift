import Foundation
import Logging
import PostgresNIO

/// Appends events inside the caller's transaction, so a change and its event commit or roll back together.
public struct AuditLog: Sendable {
    public init() {}

    /// Appends `event` to `tenantID`'s chain; the database assigns seq and hashes.
    public func record(_ event: AuditEvent, tenantID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO audit_events (tenant_id, actor_user_id, actor_label, action, target_type, target_id, target_label,
                                      outcome, ip, user_agent, request_id, details, prev_hash, hash)
            VALUES (\(tenantID), \(event.actorUserID), \(String(event.actorLabel.prefix(320))), \(event.action.rawValue),
                    \(event.targetType), \(event.targetID), \(event.targetLabel), \(event.outcome.rawValue),
                    \(event.ip)::inet, \(event.userAgent.map { String($0.prefix(512)) }), \(event.requestID),
                    \(event.detailsJSON)::jsonb, ''::bytea, ''::bytea)
            """,
            logger: logger
        )
    }
}
