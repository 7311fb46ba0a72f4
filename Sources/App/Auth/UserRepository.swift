import Foundation
import Logging
import PostgresNIO

/// Reads and updates user accounts within the current tenant.
public struct UserRepository: Sendable {
    public init() {}

    /// The user and their tenant's policy, for an authenticated request.
    public func signedIn(tenantID: UUID, userID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> (User, TenantPolicy)? {
        let rows = try await connection.query(
            """
            SELECT u.id, u.email, u.name, u.role, u.status,
                   t.session_idle_minutes, t.session_absolute_minutes, t.lockout_threshold, t.lockout_minutes
              FROM users u JOIN tenants t ON t.id = u.tenant_id
             WHERE u.tenant_id = \(tenantID) AND u.id = \(userID) AND t.id = \(tenantID)
            """,
            logger: logger
        )
        for try await (id, email, name, role, status, idle, absolute, threshold, lockMinutes) in rows.decode(
            (UUID, String, String, String, String, Int, Int, Int, Int).self
        ) {
            let user = User(
                id: id, tenantID: tenantID, email: email, name: name,
                role: Role(rawValue: role) ?? .candidate, status: UserStatus(rawValue: status) ?? .deactivated
            )
            let policy = TenantPolicy(sessionIdleMinutes: idle, sessionAbsoluteMinutes: absolute, lockoutThreshold: threshold, lockoutMinutes: lockMinutes)
            return (user, policy)
        }
        return nil
    }

    /// The tenant's sign-in policy.
    public func policy(tenantID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> TenantPolicy {
        let rows = try await connection.query(
            """
            SELECT session_idle_minutes, session_absolute_minutes, lockout_threshold, lockout_minutes
              FROM tenants WHERE id = \(tenantID)
            """,
            logger: logger
        )
        for try await (idle, absolute, threshold, lockMinutes) in rows.decode((Int, Int, Int, Int).self) {
            return TenantPolicy(sessionIdleMinutes: idle, sessionAbsoluteMinutes: absolute, lockoutThreshold: threshold, lockoutMinutes: lockMinutes)
        }
        throw AppError.notFound
    }

    /// Counts a failed password and locks the account at the tenant's threshold; returns whether it is now locked.
    public func recordFailedLogin(tenantID: UUID, userID: UUID, policy: TenantPolicy, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let lockUntil = now.addingTimeInterval(Double(policy.lockoutMinutes) * 60)
        let rows = try await connection.query(
            """
            UPDATE users SET failed_logins = failed_logins + 1,
                   locked_until = CASE WHEN failed_logins + 1 >= \(policy.lockoutThreshold) THEN \(lockUntil) ELSE locked_until END
             WHERE tenant_id = \(tenantID) AND id = \(userID)
            RETURNING locked_until IS NOT NULL AND locked_until > \(now)
            """,
            logger: logger
        )
        for try await locked in rows.decode(Bool.self) { return locked }
        return false
    }

    /// Clears failure counters after a successful sign-in and stores an upgraded hash if one is given.
    public func recordSuccessfulLogin(tenantID: UUID, userID: UUID, upgradedHash: String?, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE users SET failed_logins = 0, locked_until = NULL,
                   password_hash = coalesce(\(upgradedHash), password_hash), updated_at = now()
             WHERE tenant_id = \(tenantID) AND id = \(userID)
            """,
            logger: logger
        )
    }
}
