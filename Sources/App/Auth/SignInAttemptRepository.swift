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
        tenantID: UUID, userID: UUID?, email: String, ip: String?, userAgent: String?, succeeded: Bool, reason: String?,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO sign_in_attempts (tenant_id, user_id, email, ip, user_agent, succeeded, reason)
            VALUES (\(tenantID), \(userID), \(String(email.prefix(254))), \(ip)::inet, \(userAgent.map { String($0.prefix(512)) }), \(succeeded), \(reason))
            """,
            logger: logger
        )
    }

    /// Failed attempts from `ip` since `since`.
    public func failures(tenantID: UUID, ip: String, since: Date, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        for try await count in try await connection.query(
            """
            SELECT count(*)::int FROM sign_in_attempts
             WHERE tenant_id = \(tenantID) AND ip = \(ip)::inet AND NOT succeeded AND attempted_at >= \(since)
            """,
            logger: logger
        ).decode(Int.self) {
            return count
        }
        return 0
    }

    /// A user's most recent failed attempts, newest first.
    public func recentFailures(tenantID: UUID, userID: UUID, limit: Int = 10, on connection: PostgresConnection, logger: Logger) async throws -> [SignInAttempt] {
        var attempts: [SignInAttempt] = []
        for try await (at, ip, agent, reason) in try await connection.query(
            """
            SELECT attempted_at, host(ip), user_agent, reason FROM sign_in_attempts
             WHERE tenant_id = \(tenantID) AND user_id = \(userID) AND NOT succeeded
             ORDER BY attempted_at DESC LIMIT \(limit)
            """,
            logger: logger
        ).decode((Date, String?, String?, String?).self) {
            attempts.append(SignInAttempt(at: at, ip: ip, userAgent: agent, reason: reason))
        }
        return attempts
    }
}
