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

    /// A warning once 80 % of the seats are taken, and another when all are; nil below that.
    public var warning: String? {
        guard limit > 0 else { return nil }
        if used >= limit {
            return "All \(limit) seats of the \(plan) plan are taken: nobody else can be invited or reactivated until a seat is freed "
                + "or the plan changes."
        }
        guard Self.nearLimit(used, limit) else { return nil }
        return "\(used) of \(limit) seats of the \(plan) plan are taken (\(used * 100 / limit) %). Plan ahead before they run out."
    }

    /// Whether `used` is 80 % of `limit` or more: where warnings start, for seats and every other limit.
    public static func nearLimit(_ used: Int, _ limit: Int) -> Bool { limit > 0 && used * 5 >= limit * 4 }

    /// The sentence that refuses a change needing one more seat than the plan has.
    public var fullMessage: String {
        "Your plan (\(plan)) has \(limit) seats and \(used) are taken (\(active.counted("person", plural: "people")), \(invited.counted("open invitation"))). "
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
        if lock { try await db.lockTenant() }
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

    /// Who holds each seat, and how they got it: active people (by invitation, or added by the operator), then open
    /// invitations, which hold a seat until they are accepted, revoked or expire.
    public func holders(at now: Date, in db: TenantConnection) async throws -> [SeatHolder] {
        let people = try await db.all(
            """
            SELECT u.name, u.email, u.role, i.invited_by_label, i.accepted_at, u.created_at FROM users u
              LEFT JOIN invitations i ON i.tenant_id = u.tenant_id AND i.accepted_user = u.id
             WHERE u.tenant_id = \(db.tenantID) AND u.status = 'active' ORDER BY u.created_at, u.email
            """,
            as: (String, String, String, String?, Date?, Date).self
        )
        let invited = try await db.all(
            """
            SELECT i.email, i.role, i.invited_by_label, i.created_at, i.expires_at FROM invitations i
             WHERE i.tenant_id = \(db.tenantID) AND i.accepted_at IS NULL AND i.ended_at IS NULL AND i.expires_at > \(now)
               AND NOT EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = i.tenant_id AND u.email = i.email AND u.status = 'active')
             ORDER BY i.created_at
            """,
            as: (String, String, String, Date, Date).self
        )
        let day = UTCFormat.day
        return people.map { name, email, role, by, accepted, created in
            SeatHolder(
                name: name,
                email: email,
                role: Role(rawValue: role)?.label ?? role,
                how: by.map { "Invited by \($0), joined \(accepted.map(day.string) ?? "")" }
                    ?? "Added by the operator on \(day.string(from: created))",
                pending: false
            )
        }
            + invited.map { email, role, by, created, expires in
                SeatHolder(
                    name: "",
                    email: email,
                    role: Role(rawValue: role)?.label ?? role,
                    how: "Open invitation from \(by) (\(day.string(from: created))); holds the seat until \(day.string(from: expires))",
                    pending: true
                )
            }
    }
}

/// One taken seat on the seats page.
public struct SeatHolder: Sendable {
    public let name: String
    public let email: String
    public let role: String
    /// How the seat was taken, as a sentence.
    public let how: String
    /// An invitation rather than a person.
    public let pending: Bool
}
