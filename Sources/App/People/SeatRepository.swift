import Foundation

/// How many seats a tenant's plan has and how many are taken.
public struct SeatUsage: Sendable, Equatable {
    public let plan: String
    public let limit: Int
    /// Active people.
    public let active: Int
    /// Open invitations that have not expired, for emails that are not already active people.
    public let invited: Int

    /// Each seat is counted once: an active person, or an invitation that may still be accepted.
    public var used: Int { active + invited }

    /// The sentence that refuses a change needing one more seat than the plan has.
    public var fullMessage: String {
        "Your plan (\(plan)) has \(limit) seats and \(used) are taken (\(active == 1 ? "1 person" : "\(active) people"), \(invited.counted("open invitation"))). "
            + "Revoke an invitation or deactivate someone, or ask the owner to change the plan."
    }
}

/// The one seat count, used at invitation, acceptance and reactivation.
public struct SeatRepository: Sendable {
    public init() {}

    /// The tenant's seats, with its row locked until the transaction ends: two admins racing for the last seat queue
    /// here, and the second sees the first one's seat taken.
    /// `lock: false` only reads (a page that shows the count without changing anything).
    public func usage(at now: Date, lock: Bool = true, in db: TenantConnection) async throws -> SeatUsage {
        // Lock first, count after: under READ COMMITTED a statement that waited for the lock would still count with
        // the snapshot it started with, and both racers would see the last seat free.
        if lock { try await db.run("SELECT 1 FROM tenants WHERE id = \(db.tenantID) FOR NO KEY UPDATE") }
        guard
            let row = try await db.first(
                """
                SELECT p.name, p.max_users,
                       (SELECT count(*) FROM users u WHERE u.tenant_id = t.id AND u.status = 'active'),
                       (SELECT count(*) FROM invitations i
                         WHERE i.tenant_id = t.id AND i.accepted_at IS NULL AND i.ended_at IS NULL AND i.expires_at > \(now)
                           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = i.tenant_id AND u.email = i.email
                                                                     AND u.status = 'active'))
                  FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = \(db.tenantID)
                """,
                as: (String, Int, Int, Int).self
            )
        else { throw AppError.notFound }
        return SeatUsage(plan: row.0, limit: row.1, active: row.2, invited: row.3)
    }
}
