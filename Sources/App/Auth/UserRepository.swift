import Foundation
import Logging
import PostgresNIO

/// A session's own state beyond what the lookup returns.
public struct SessionState: Sendable {
    public let reauthenticatedAt: Date?
    /// The account still has the one-time password the operator handed over.
    public var mustChangePassword = false
}

/// Reads and updates user accounts within the current tenant.
public struct UserRepository: Sendable {
    public init() {}

    static let userColumns = "u.id, u.email, u.name, u.role, u.status, u.totp_enabled_at IS NOT NULL, u.created_at"

    static func decodeUser(_ columns: PostgresRandomAccessRow, tenantID: UUID, offset: Int = 0) throws -> User {
        User(
            id: try columns[offset].decode(UUID.self),
            tenantID: tenantID,
            email: try columns[offset + 1].decode(String.self),
            name: try columns[offset + 2].decode(String.self),
            role: Role(rawValue: try columns[offset + 3].decode(String.self)) ?? .candidate,
            status: UserStatus(rawValue: try columns[offset + 4].decode(String.self)) ?? .deactivated,
            totpEnabled: try columns[offset + 5].decode(Bool.self),
            createdAt: try columns[offset + 6].decode(Date.self)
        )
    }

    static func decodePolicy(_ columns: PostgresRandomAccessRow, offset: Int) throws -> TenantPolicy {
        TenantPolicy(
            sessionIdleMinutes: try columns[offset].decode(Int.self),
            sessionAbsoluteMinutes: try columns[offset + 1].decode(Int.self),
            lockoutThreshold: try columns[offset + 2].decode(Int.self),
            lockoutMinutes: try columns[offset + 3].decode(Int.self),
            lockoutGrowth: try columns[offset + 4].decode(Int.self),
            ipFailureThreshold: try columns[offset + 5].decode(Int.self),
            require2FARoles: try columns[offset + 6].decode([String].self).compactMap(Role.init(rawValue:)),
            twoFactorGraceDays: try columns[offset + 7].decode(Int.self),
            twoFactorRequiredSince: try columns[offset + 8].decode(Date?.self)
        )
    }

    /// The account `userID` names in this tenant.
    public func user(id userID: UUID, in db: TenantConnection) async throws -> User? {
        let rows = try await db.connection.send(
            "SELECT \(unescaped: Self.userColumns) FROM users u WHERE u.tenant_id = \(db.tenantID) AND u.id = \(userID)",
            logger: db.logger
        )
        for try await row in rows { return try Self.decodeUser(row.makeRandomAccess(), tenantID: db.tenantID) }
        return nil
    }

    /// The tenant's sign-in policy.
    public func policy(in db: TenantConnection) async throws -> TenantPolicy {
        for try await row in try await db.connection.send(
            "SELECT \(unescaped: TenantPolicy.columns) FROM tenants t WHERE t.id = \(db.tenantID)",
            logger: db.logger
        ) {
            return try Self.decodePolicy(row.makeRandomAccess(), offset: 0)
        }
        throw AppError.notFound
    }

    /// The account an email signs in to, read under the tenant's policies like every other query.
    public func loginCandidate(email: String, in db: TenantConnection) async throws -> LoginCandidate? {
        guard
            let (id, hash, status, lockedUntil) = try await db.first(
                "SELECT id, password_hash, status, locked_until FROM users WHERE tenant_id = \(db.tenantID) AND email = lower(\(email))",
                as: (UUID, String?, String, Date?).self
            )
        else { return nil }
        return LoginCandidate(id: id, passwordHash: hash, status: UserStatus(rawValue: status) ?? .deactivated, lockedUntil: lockedUntil)
    }

    /// Counts a failed password and locks the account at the tenant's threshold, each lock longer by the growth factor.
    /// Returns whether this failure locked it.
    public func recordFailedLogin(userID: UUID, policy: TenantPolicy, now: Date, in db: TenantConnection) async throws -> Bool {
        let rows = try await db.all(
            """
            UPDATE users SET failed_logins = CASE WHEN failed_logins + 1 >= \(policy.lockoutThreshold) THEN 0 ELSE failed_logins + 1 END,
                   locked_until = CASE WHEN failed_logins + 1 >= \(policy.lockoutThreshold)
                                       THEN \(now)::timestamptz + make_interval(mins => least(\(policy.lockoutMinutes) * power(\(policy.lockoutGrowth), least(lock_count, 10)), 525600)::int)
                                       ELSE locked_until END,
                   lock_count = CASE WHEN failed_logins + 1 >= \(policy.lockoutThreshold) THEN lock_count + 1 ELSE lock_count END
             WHERE tenant_id = \(db.tenantID) AND id = \(userID)
            RETURNING locked_until IS NOT NULL AND locked_until > \(now)
            """,
            as: Bool.self
        )
        return rows.first ?? false
    }

    /// Clears failure counters after a complete sign-in and stores an upgraded hash if one is given. A password
    /// accepted while the second factor is still to come (`complete: false`) clears nothing, so each new password
    /// sign-in does not hand out fresh code guesses.
    public func recordSuccessfulLogin(
        userID: UUID,
        upgradedHash: String?,
        complete: Bool = true,
        in db: TenantConnection
    ) async throws {
        try await db.run(
            """
            UPDATE users SET failed_logins = CASE WHEN \(complete) THEN 0 ELSE failed_logins END,
                   locked_until = CASE WHEN \(complete) THEN NULL ELSE locked_until END,
                   lock_count = CASE WHEN \(complete) THEN 0 ELSE lock_count END,
                   last_sign_in_at = CASE WHEN \(complete) THEN now() ELSE last_sign_in_at END,
                   password_hash = coalesce(\(upgradedHash), password_hash), updated_at = now()
             WHERE tenant_id = \(db.tenantID) AND id = \(userID)
            """
        )
    }

    /// The stored password hash.
    public func passwordHash(userID: UUID, in db: TenantConnection) async throws -> String? {
        try await db.first("SELECT password_hash FROM users WHERE tenant_id = \(db.tenantID) AND id = \(userID)", as: String?.self) ?? nil
    }

    /// Replaces the password hash.
    public func setPassword(userID: UUID, hash: String, in db: TenantConnection) async throws {
        try await db.run(
            """
            UPDATE users SET password_hash = \(hash), password_changed_at = now(), updated_at = now(), failed_logins = 0,
                             must_change_password = false
             WHERE tenant_id = \(db.tenantID) AND id = \(userID)
            """
        )
    }

    /// Stores the tenant's security policy from validated form values; a change of roles restarts the 2FA grace period.
    public func updatePolicy(
        values: [String: Int],
        roles: Set<Role>,
        rolesChanged: Bool,
        now: Date,
        in db: TenantConnection
    ) async throws {
        func value(_ name: String) throws -> Int {
            guard let value = values[name] else { throw AppError.invalid("The policy form is missing “\(name)”.") }
            return value
        }
        try await db.run(
            """
            UPDATE tenants SET require_2fa_roles = \(roles.map(\.rawValue).sorted()), require_2fa_grace_days = \(try value("grace_days")),
                   require_2fa_since = CASE WHEN \(rolesChanged) THEN \(now) ELSE require_2fa_since END,
                   session_idle_minutes = \(try value("idle_minutes")), session_absolute_minutes = \(try value("absolute_minutes")),
                   lockout_threshold = \(try value("lockout_threshold")), lockout_minutes = \(try value("lockout_minutes")),
                   lockout_growth = \(try value("lockout_growth")), ip_failure_threshold = \(try value("ip_threshold")), updated_at = now()
             WHERE id = \(db.tenantID)
            """
        )
    }

    /// Adds an active user with a password; returns the new id.
    @discardableResult
    public func insert(
        email: String,
        name: String,
        role: Role,
        passwordHash: String,
        mustChangePassword: Bool = false,
        in db: TenantConnection
    ) async throws -> UUID {
        let id = UUID()
        try await db.run(
            """
            INSERT INTO users (tenant_id, id, email, name, role, status, password_hash, must_change_password)
            VALUES (\(db.tenantID), \(id), \(email), \(name), \(role.rawValue), 'active', \(passwordHash), \(mustChangePassword))
            """
        )
        return id
    }

    /// Emails of active people in `roles` who have not set up two-factor authentication, for the policy's warning.
    public func withoutTwoFactor(roles: Set<Role>, in db: TenantConnection) async throws -> [String] {
        try await db.all(
            """
            SELECT email FROM users WHERE tenant_id = \(db.tenantID) AND status = 'active' AND totp_enabled_at IS NULL
               AND role = ANY(\(roles.map(\.rawValue)))
             ORDER BY email
            """,
            as: String.self
        )
    }

    /// The status of the account with `email` in this tenant, or nil when there is none.
    public func status(email: String, in db: TenantConnection) async throws -> UserStatus? {
        try await db.first("SELECT status FROM users WHERE tenant_id = \(db.tenantID) AND email = \(email)", as: String.self)
            .map { UserStatus(rawValue: $0) ?? .deactivated }
    }
}
