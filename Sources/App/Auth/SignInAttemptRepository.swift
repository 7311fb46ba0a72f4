import Foundation
import Logging
import PostgresNIO

/// One remembered password attempt.
public struct SignInAttempt: Sendable {
    public let at: Date
    public let ip: String?
    public let userAgent: String?
    public let reason: String?
}

/// Records password attempts; throttles IP addresses and shows people their own recent failures.
public struct SignInAttemptRepository: Sendable {
    public init() {}

    public func record(
        userID: UUID?,
        email: String,
        ip: String?,
        userAgent: String?,
        succeeded: Bool,
        reason: String?,
        in db: TenantConnection
    ) async throws {
        try await db.run(
            """
            INSERT INTO sign_in_attempts (tenant_id, user_id, email, ip, user_agent, succeeded, reason)
            VALUES (\(db.tenantID), \(userID), \(String(email.prefix(254))), \(ip)::inet, \(userAgent.map { String($0.prefix(512)) }), \(succeeded), \(reason))
            """
        )
    }

    /// Failed attempts from `ip` since `since`.
    public func failures(ip: String, since: Date, in db: TenantConnection) async throws -> Int {
        for count in try await db.all(
            """
            SELECT count(*)::int FROM sign_in_attempts
             WHERE tenant_id = \(db.tenantID) AND ip = \(ip)::inet AND NOT succeeded AND attempted_at >= \(since)
            """,
            as: Int.self
        ) {
            return count
        }
        return 0
    }

    /// A user's most recent failed attempts, newest first.
    public func recentFailures(userID: UUID, limit: Int = 10, in db: TenantConnection) async throws -> [SignInAttempt] {
        var attempts: [SignInAttempt] = []
        for (at, ip, agent, reason) in try await db.all(
            """
            SELECT attempted_at, host(ip), user_agent, reason FROM sign_in_attempts
             WHERE tenant_id = \(db.tenantID) AND user_id = \(userID) AND NOT succeeded
             ORDER BY attempted_at DESC LIMIT \(limit)
            """,
            as: (Date, String?, String?, String?).self
        ) {
            attempts.append(SignInAttempt(at: at, ip: ip, userAgent: agent, reason: reason))
        }
        return attempts
    }
}
