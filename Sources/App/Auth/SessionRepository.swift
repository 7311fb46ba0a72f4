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
        reauthenticatedAt: Date?,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> UUID {
        let rows = try await connection.query(
            """
            INSERT INTO sessions (tenant_id, user_id, token_hash, expires_at, ip, user_agent, mfa_passed, reauthenticated_at, created_at, last_seen_at)
            VALUES (\(tenantID), \(userID), \(ByteBuffer(bytes: tokenHash)), \(expiresAt), \(ip)::inet, \(userAgent.map { String($0.prefix(512)) }),
                    \(mfaPassed), \(reauthenticatedAt), \(now), \(now))
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
        try await revoke(tenantID: tenantID, sessionID: sessionID, ownedBy: nil, on: connection, logger: logger)
    }

    /// Counts a wrong second-factor code on a pending sign-in; returns the new count.
    public func recordSecondFactorFailure(tenantID: UUID, sessionID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        for try await count in try await connection.query(
            "UPDATE sessions SET mfa_failures = mfa_failures + 1 WHERE tenant_id = \(tenantID) AND id = \(sessionID) RETURNING mfa_failures",
            logger: logger
        ).decode(Int.self) {
            return count
        }
        return Int.max
    }

    /// Records that the person proved themselves again (for step-up).
    public func markReauthenticated(tenantID: UUID, sessionID: UUID, at date: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE sessions SET reauthenticated_at = \(date) WHERE tenant_id = \(tenantID) AND id = \(sessionID)", logger: logger)
    }

    /// Ends every live session of a user except `keep`; returns how many ended.
    @discardableResult
    public func revokeAll(tenantID: UUID, userID: UUID, except keep: UUID? = nil, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            """
            UPDATE sessions SET revoked_at = now()
             WHERE tenant_id = \(tenantID) AND user_id = \(userID) AND revoked_at IS NULL AND (\(keep)::uuid IS NULL OR id <> \(keep))
            RETURNING id
            """,
            logger: logger
        )
        var count = 0
        for try await _ in rows.decode(UUID.self) { count += 1 }
        return count
    }

    /// Live sessions of one user (or of the whole tenant when `userID` is nil), most recently active first.
    public func live(tenantID: UUID, userID: UUID?, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> [LiveSession] {
        var sessions: [LiveSession] = []
        for try await (id, userID, email, name, created, lastSeen, ip, agent, mfa) in try await connection.query(
            """
            SELECT s.id, s.user_id, u.email, u.name, s.created_at, s.last_seen_at, host(s.ip), s.user_agent, s.mfa_passed
              FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
             WHERE s.tenant_id = \(tenantID) AND s.revoked_at IS NULL AND s.expires_at > \(now)
               AND (\(userID)::uuid IS NULL OR s.user_id = \(userID))
             ORDER BY s.last_seen_at DESC
             LIMIT 500
            """,
            logger: logger
        ).decode((UUID, UUID, String, String, Date, Date, String?, String?, Bool).self) {
            sessions.append(LiveSession(id: id, userID: userID, email: email, name: name, createdAt: created, lastSeenAt: lastSeen, ip: ip, userAgent: agent, mfaPassed: mfa))
        }
        return sessions
    }

    /// Ends one session of this tenant, optionally only if it belongs to `userID`; returns whether it was live.
    @discardableResult
    public func revoke(tenantID: UUID, sessionID: UUID, ownedBy userID: UUID?, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE sessions SET revoked_at = now()
             WHERE tenant_id = \(tenantID) AND id = \(sessionID) AND revoked_at IS NULL AND (\(userID)::uuid IS NULL OR user_id = \(userID))
            RETURNING id
            """,
            logger: logger
        )
        var count = 0
        for try await _ in rows.decode(UUID.self) { count += 1 }
        return count == 1
    }
}

/// A session as the sessions pages show it.
public struct LiveSession: Sendable {
    public let id: UUID
    public let userID: UUID
    public let email: String
    public let name: String
    public let createdAt: Date
    public let lastSeenAt: Date
    public let ip: String?
    public let userAgent: String?
    public let mfaPassed: Bool
}
