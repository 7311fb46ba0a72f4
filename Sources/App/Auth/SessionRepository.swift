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

    /// The unrevoked session of this tenant whose token hashes to `tokenHash`.
    public func find(tenantID: UUID, tokenHash: [UInt8], on connection: PostgresConnection, logger: Logger) async throws -> SessionRecord? {
        let rows = try await connection.query(
            """
            SELECT id, user_id, created_at, last_seen_at, expires_at, mfa_passed FROM sessions
             WHERE tenant_id = \(tenantID) AND token_hash = \(ByteBuffer(bytes: tokenHash)) AND revoked_at IS NULL
            """,
            logger: logger
        )
        for try await (id, userID, created, lastSeen, expires, mfa) in rows.decode((UUID, UUID, Date, Date, Date, Bool).self) {
            return SessionRecord(
                id: id, tenantID: tenantID, userID: userID, createdAt: created, lastSeenAt: lastSeen, expiresAt: expires, mfaPassed: mfa)
        }
        return nil
    }

    /// The tenant a live session token belongs to, whichever tenant is selected (SECURITY DEFINER lookup that returns
    /// nothing else), so a URL of another tenant can answer 404 without signing the person out of their own.
    public func owningTenant(tokenHash: [UInt8], on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.query("SELECT lookup_session_tenant(\(ByteBuffer(bytes: tokenHash)))", logger: logger)
        for try await tenant in rows.decode(UUID?.self) { return tenant }
        return nil
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

    /// Counts one second-factor attempt on a pending sign-in before the code is checked, and returns the new count; nil
    /// when the session has used its `limit` (or is gone). The row lock makes concurrent attempts take their turn, so
    /// no more than `limit` codes are ever checked for one sign-in.
    public func countSecondFactorAttempt(
        tenantID: UUID, sessionID: UUID, limit: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int? {
        let rows = try await connection.query(
            """
            UPDATE sessions SET mfa_failures = mfa_failures + 1
             WHERE tenant_id = \(tenantID) AND id = \(sessionID) AND revoked_at IS NULL AND mfa_failures < \(limit)
            RETURNING mfa_failures
            """,
            logger: logger
        )
        for try await count in rows.decode(Int.self) { return count }
        return nil
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
        for try await (id, userID, email, name, role, created, lastSeen, ip, agent, mfa) in try await connection.query(
            """
            SELECT s.id, s.user_id, u.email, u.name, u.role, s.created_at, s.last_seen_at, host(s.ip), s.user_agent, s.mfa_passed
              FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
             WHERE s.tenant_id = \(tenantID) AND s.revoked_at IS NULL AND s.expires_at > \(now)
               AND (\(userID)::uuid IS NULL OR s.user_id = \(userID))
             ORDER BY s.last_seen_at DESC
             LIMIT 500
            """,
            logger: logger
        ).decode((UUID, UUID, String, String, String, Date, Date, String?, String?, Bool).self) {
            sessions.append(LiveSession(id: id, userID: userID, email: email, name: name, role: Role(rawValue: role) ?? .candidate, createdAt: created, lastSeenAt: lastSeen, ip: ip, userAgent: agent, mfaPassed: mfa))
        }
        return sessions
    }

    /// The role of the person a live session of this tenant belongs to.
    public func holderRole(tenantID: UUID, sessionID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Role? {
        let rows = try await connection.query(
            """
            SELECT u.role FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
             WHERE s.tenant_id = \(tenantID) AND s.id = \(sessionID) AND s.revoked_at IS NULL
            """,
            logger: logger)
        for try await role in rows.decode(String.self) { return Role(rawValue: role) }
        return nil
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
    public let role: Role
    public let createdAt: Date
    public let lastSeenAt: Date
    public let ip: String?
    public let userAgent: String?
    public let mfaPassed: Bool
}
