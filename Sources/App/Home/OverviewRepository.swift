import Foundation
import Logging
import PostgresNIO

/// The figures on the admin home page.
public struct TenantOverview: Sendable {
    public let planName: String
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

    /// The figures, with the latest audit events only when `includeEvents` (roles that may read the audit log).
    public func overview(includeEvents: Bool, in db: TenantConnection) async throws -> TenantOverview {
        var planName = ""
        var sessions = 0
        var counts: [Role: Int] = [:]
        // Plan, live sessions and people by role in one round trip.
        for (name, live, roles, roleCounts) in try await db.all(
            """
            SELECT p.name,
                   (SELECT count(*)::int FROM sessions s WHERE s.tenant_id = \(db.tenantID) AND s.revoked_at IS NULL AND s.expires_at > now()),
                   coalesce((SELECT array_agg(role ORDER BY role) FROM (SELECT role FROM users WHERE tenant_id = \(db.tenantID) AND status <> 'deactivated' GROUP BY role) r), '{}'),
                   coalesce((SELECT array_agg(n ORDER BY role) FROM (SELECT role, count(*)::int AS n FROM users WHERE tenant_id = \(db.tenantID) AND status <> 'deactivated' GROUP BY role) r), '{}')
              FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = \(db.tenantID)
            """,
            as: (String, Int, [String], [Int]).self
        ) {
            planName = name
            sessions = live
            for (role, count) in zip(roles, roleCounts) { if let role = Role(rawValue: role) { counts[role] = count } }
        }
        var events: [RecentEvent] = []
        for (at, actor, action, outcome) in try await db.all(
            """
            SELECT occurred_at, actor_label, action, outcome FROM audit_events
             WHERE tenant_id = \(db.tenantID) AND \(includeEvents) ORDER BY pos DESC LIMIT 10
            """,
            as: (Date, String, String, String).self
        ) {
            events.append(RecentEvent(occurredAt: at, actor: actor, action: action, outcome: outcome))
        }
        return TenantOverview(
            planName: planName,
            usersByRole: Role.allCases.map { ($0, counts[$0] ?? 0) },
            activeSessions: sessions,
            recentEvents: events
        )
    }
}
