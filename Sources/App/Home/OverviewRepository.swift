import Foundation
import Logging
import PostgresNIO

/// The figures on the admin home page.
public struct TenantOverview: Sendable {
    public let planName: String
    public let maxUsers: Int
    public let usersByRole: [(role: Role, count: Int)]
    public let activeSessions: Int
    public let recentEvents: [RecentEvent]
}

/// One line of the recent-activity list.
public struct RecentEvent: Sendable {
    public let occurredAt: Date
    public let actor: String
    public let action: String
    public let outcome: String
}

/// Reads the admin home figures for the current tenant.
public struct OverviewRepository: Sendable {
    public init() {}

    public func overview(tenantID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> TenantOverview {
        var planName = ""
        var maxUsers = 0
        for try await (name, max) in try await connection.query(
            "SELECT p.name, p.max_users FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = \(tenantID)", logger: logger
        ).decode((String, Int).self) {
            planName = name
            maxUsers = max
        }
        var counts: [Role: Int] = [:]
        for try await (role, count) in try await connection.query(
            "SELECT role, count(*)::int FROM users WHERE tenant_id = \(tenantID) AND status <> 'deactivated' GROUP BY role", logger: logger
        ).decode((String, Int).self) {
            if let role = Role(rawValue: role) { counts[role] = count }
        }
        var sessions = 0
        for try await count in try await connection.query(
            "SELECT count(*)::int FROM sessions WHERE tenant_id = \(tenantID) AND revoked_at IS NULL AND expires_at > now()", logger: logger
        ).decode(Int.self) {
            sessions = count
        }
        var events: [RecentEvent] = []
        for try await (at, actor, action, outcome) in try await connection.query(
            """
            SELECT occurred_at, actor_label, action, outcome FROM audit_events
             WHERE tenant_id = \(tenantID) ORDER BY occurred_at DESC, id DESC LIMIT 10
            """,
            logger: logger
        ).decode((Date, String, String, String).self) {
            events.append(RecentEvent(occurredAt: at, actor: actor, action: action, outcome: outcome))
        }
        return TenantOverview(
            planName: planName, maxUsers: maxUsers, usersByRole: Role.allCases.map { ($0, counts[$0] ?? 0) },
            activeSessions: sessions, recentEvents: events
        )
    }
}
