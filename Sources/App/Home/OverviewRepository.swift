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

    /// The figures, with the latest audit events only when `includeEvents` (roles that may read the audit log). Both
    /// statements are prepared: the admin home is where every sign-in lands.
    public func overview(includeEvents: Bool, in db: TenantConnection) async throws -> TenantOverview {
        var planName = ""
        var sessions = 0
        var counts: [Role: Int] = [:]
        for (name, live, roles, roleCounts) in try await db.all(
            OverviewStatement(bindings: .init(db.tenantID)),
            as: (String, Int, [String], [Int]).self
        ) {
            planName = name
            sessions = live
            for (role, count) in zip(roles, roleCounts) { if let role = Role(rawValue: role) { counts[role] = count } }
        }
        var events: [RecentEvent] = []
        if includeEvents {
            for (at, actor, action, outcome) in try await db.all(
                RecentEventsStatement(bindings: .init(db.tenantID)),
                as: (Date, String, String, String).self
            ) {
                events.append(RecentEvent(occurredAt: at, actor: actor, action: action, outcome: outcome))
            }
        }
        return TenantOverview(
            planName: planName,
            usersByRole: Role.allCases.map { ($0, counts[$0] ?? 0) },
            activeSessions: sessions,
            recentEvents: events
        )
    }
}

/// Plan, live sessions and people by role in one round trip. People are grouped once (both arrays come from one
/// grouping), through `users_by_status_role` (migration 0015).
struct OverviewStatement: FixedStatement {
    static let name = "admin_overview"
    static let sql = """
        SELECT p.name,
               (SELECT count(*)::int FROM sessions s WHERE s.tenant_id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()),
               coalesce(r.roles, '{}'), coalesce(r.counts, '{}')
          FROM tenants t JOIN plans p ON p.id = t.plan_id
         CROSS JOIN LATERAL (
               SELECT array_agg(g.role ORDER BY g.role) AS roles, array_agg(g.n ORDER BY g.role) AS counts
                 FROM (SELECT u.role, count(*)::int AS n FROM users u
                        WHERE u.tenant_id = $1 AND u.status <> 'deactivated' GROUP BY u.role) g
               ) r
         WHERE t.id = $1
        """
    let bindings: PostgresBindings
}

/// The ten latest audit events, for the recent-activity list.
struct RecentEventsStatement: FixedStatement {
    static let name = "admin_recent_events"
    static let sql = """
        SELECT occurred_at, actor_label, action, outcome FROM audit_events
         WHERE tenant_id = $1 ORDER BY pos DESC LIMIT 10
        """
    let bindings: PostgresBindings
}
