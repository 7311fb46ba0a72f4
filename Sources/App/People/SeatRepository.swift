import Foundation
import PostgresNIO

/// The two limits people count against: staff seats (every role but candidate) and candidate places.
public enum SeatPool: String, Sendable, CaseIterable {
    case staff, candidates

    /// "staff seats" or "candidate places", as sentences say it.
    public var noun: String { self == .staff ? "staff seats" : "candidate places" }
}

extension Role {
    /// The limit a person in this role counts against.
    public var seatPool: SeatPool { self == .candidate ? .candidates : .staff }
}

/// How many seats of one pool a tenant's plan has and how many are taken.
public struct SeatUsage: Sendable, Equatable {
    public let plan: String
    public let pool: SeatPool
    public let limit: Int
    /// Active people.
    public let active: Int
    /// Open invitations that have not expired, for emails that are not already active people.
    public let invited: Int

    /// Each seat is counted once: an active person, or an invitation that may still be accepted.
    public var used: Int { active + invited }

    /// Whether one more person fits.
    public var hasRoom: Bool { used < limit }

    /// A warning once 80 % of the seats are taken, and another when all are; nil below that.
    public var warning: String? {
        guard limit > 0 else { return nil }
        if used >= limit {
            return
                "All \(limit) \(pool.noun) of the \(plan) plan are taken: nobody else in \(pool == .staff ? "a staff role" : "the candidate role") "
                + "can be invited or reactivated until one is freed or the plan changes."
        }
        guard Self.nearLimit(used, limit) else { return nil }
        return "\(used) of \(limit) \(pool.noun) of the \(plan) plan are taken (\(used * 100 / limit) %). Plan ahead before they run out."
    }

    /// Whether `used` is 80 % of `limit` or more: where warnings start, for seats and every other limit.
    public static func nearLimit(_ used: Int, _ limit: Int) -> Bool { limit > 0 && used * 5 >= limit * 4 }

    /// The sentence that refuses a change needing one more seat than the plan has.
    public var fullMessage: String {
        "Your plan (\(plan)) has \(limit) \(pool.noun) and \(used) are taken (\(active.counted("person", plural: "people")), "
            + "\(invited.counted("open invitation"))). Revoke an invitation or deactivate someone, or ask the owner to change the plan."
    }
}

/// Both pools of a tenant's seats.
public struct Seats: Sendable, Equatable {
    public let staff: SeatUsage
    public let candidates: SeatUsage

    /// The pool a person in `role` takes a seat from.
    public subscript(role: Role) -> SeatUsage { role.seatPool == .staff ? staff : candidates }

    /// "3 of 5 staff seats and 12 of 25 candidate places taken on the Free plan: …", with what holds them.
    public var summary: String {
        let parts = [staff, candidates].map { "\($0.used) of \($0.limit) \($0.pool.noun)" }
        let active = staff.active + candidates.active
        let invited = staff.invited + candidates.invited
        return "\(parts.joined(separator: " and ")) taken on the \(staff.plan) plan: \(active.counted("person", plural: "people")), "
            + "\(invited.counted("open invitation"))."
    }

    /// Both pools' warnings as one sentence (staff first), or nil below 80 % of each.
    public var warning: String? { warnings.isEmpty ? nil : warnings.joined(separator: " ") }

    /// Warnings of both pools, staff first.
    public var warnings: [String] { [staff.warning, candidates.warning].compactMap { $0 } }
}

/// The one seat count (SQL function `seat_counts`), used at invitation, acceptance, reactivation and role change.
public struct SeatRepository: Sendable {
    public init() {}

    /// The tenant's seats, with its row locked until the transaction ends: two admins racing for the last seat queue
    /// here, and the second sees the first one's seat taken.
    /// `lock: false` only reads (a page that shows the count without changing anything).
    public func usage(at now: Date, lock: Bool = true, in db: TenantConnection) async throws -> Seats {
        if lock { try await db.lockTenant() }
        let rows = try await db.all(SeatUsageStatement(bindings: .init(db.tenantID, now)), as: (String, String, Int, Int, Int).self)
        let usages = rows.compactMap { row in
            SeatPool(rawValue: row.0).map { SeatUsage(plan: row.1, pool: $0, limit: row.2, active: row.3, invited: row.4) }
        }
        guard let staff = usages.first(where: { $0.pool == .staff }), let candidates = usages.first(where: { $0.pool == .candidates }) else {
            throw AppError.notFound
        }
        return Seats(staff: staff, candidates: candidates)
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
public struct SeatHolder: Sendable, Encodable {
    public let name: String
    public let email: String
    public let role: String
    /// How the seat was taken, as a sentence.
    public let how: String
    /// An invitation rather than a person.
    public let pending: Bool
}

/// Each seat pool of the tenant (`$1`) at `$2`: the plan's name and limit, active people and open invitations. The
/// people list sends it on every view (``FixedStatement``).
struct SeatUsageStatement: FixedStatement {
    static let name = "seat_usage"
    static let sql = """
        SELECT c.pool, p.name, CASE c.pool WHEN 'staff' THEN p.max_staff ELSE p.max_candidates END, c.active, c.invited
          FROM tenants t JOIN plans p ON p.id = t.plan_id CROSS JOIN seat_counts(t.id, $2) c
         WHERE t.id = $1
        """
    let bindings: PostgresBindings
}
