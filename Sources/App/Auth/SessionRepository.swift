import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Server-side sessions: created at sign-in, slid on activity, revoked at sign-out.
public struct SessionRepository: Sendable {
    /// At most this many live sessions per user; the oldest end first.
    public static let maximumPerUser = 100

    public init() {}

    /// Stores a new session for `userID` and returns its id; only the token's hash is kept.
    public func create(
        tenantID: UUID,
        userID: UUID,
        tokenHash: [UInt8],
        expiresAt: Date,
        ip: String?,
        userAgent: String?,
        mfaPassed: Bool,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> UUID {
        let rows = try await connection.query(
            """
            INSERT INTO sessions (tenant_id, user_id, token_hash, expires_at, ip, user_agent, mfa_passed)
            VALUES (\(tenantID), \(userID), \(ByteBuffer(bytes: tokenHash)), \(expiresAt), \(ip)::inet, \(userAgent.map { String($0.prefix(512)) }), \(mfaPassed))
            RETURNING id
            """,
            logger: logger
        )
        var sessionID: UUID?
        for try await id in rows.decode(UUID.self) { sessionID = id }
        try await connection.query(
            """
            UPDATE sessions SET revoked_at = now()
             WHERE tenant_id = \(tenantID) AND user_id = \(userID) AND revoked_at IS NULL
               AND id IN (SELECT id FROM sessions WHERE tenant_id = \(tenantID) AND user_id = \(userID) AND revoked_at IS NULL
                          ORDER BY created_at DESC OFFSET \(Self.maximumPerUser))
            """,
            logger: logger
        )
        return sessionID!
    }

    /// Records activity, at most once a minute, so the idle timeout slides.
    public func touch(tenantID: UUID, sessionID: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE sessions SET last_seen_at = \(now)
             WHERE tenant_id = \(tenantID) AND id = \(sessionID) AND last_seen_at < \(now.addingTimeInterval(-60))
            """,
            logger: logger
        )
    }

    /// Ends one session; returns whether it was live.
    @discardableResult
    public func revoke(tenantID: UUID, sessionID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "UPDATE sessions SET revoked_at = now() WHERE tenant_id = \(tenantID) AND id = \(sessionID) AND revoked_at IS NULL RETURNING id",
            logger: logger
        )
        var count = 0
        for try await _ in rows.decode(UUID.self) { count += 1 }
        return count == 1
    }
}
