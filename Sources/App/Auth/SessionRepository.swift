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
        userID: UUID,
        tokenHash: [UInt8],
        expiresAt: Date,
        ip: String?,
        userAgent: String?,
        mfaPassed: Bool,
        reauthenticatedAt: Date?,
        now: Date,
        in db: TenantConnection
    ) async throws -> UUID {
        let inserted = try await db.first(
            """
            INSERT INTO sessions (tenant_id, user_id, token_hash, expires_at, ip, user_agent, mfa_passed, reauthenticated_at, created_at, last_seen_at)
            VALUES (\(db.tenantID), \(userID), \(ByteBuffer(bytes: tokenHash)), \(expiresAt), \(ip)::inet, \(userAgent.map { String($0.prefix(512)) }),
                    \(mfaPassed), \(reauthenticatedAt), \(now), \(now))
            RETURNING id
            """,
            as: UUID.self
        )
        guard let sessionID = inserted else { throw AppError.conflict("The session could not be stored. Sign in again.") }
        try await db.run(
            """
            UPDATE sessions SET revoked_at = now()
             WHERE tenant_id = \(db.tenantID) AND user_id = \(userID) AND revoked_at IS NULL
               AND id IN (SELECT id FROM sessions WHERE tenant_id = \(db.tenantID) AND user_id = \(userID) AND revoked_at IS NULL
                          ORDER BY created_at DESC OFFSET \(Self.maximumPerUser))
            """
        )
        return sessionID
    }

    /// The tenant a live session token belongs to, whichever tenant is selected (SECURITY DEFINER lookup that returns
    /// nothing else), so a URL of another tenant can answer 404 without signing the person out of their own.
    public func owningTenant(tokenHash: [UInt8], in db: TenantConnection) async throws -> UUID? {
        let rows = try await db.all("SELECT lookup_session_tenant(\(ByteBuffer(bytes: tokenHash)))", as: UUID?.self)
        for tenant in rows { return tenant }
        return nil
    }

    /// Records activity, at most once a minute, so the idle timeout slides.
    public func touch(sessionID: UUID, now: Date, in db: TenantConnection) async throws {
        try await db.run(
            """
            UPDATE sessions SET last_seen_at = \(now)
             WHERE tenant_id = \(db.tenantID) AND id = \(sessionID) AND last_seen_at < \(now.addingTimeInterval(-60))
            """
        )
    }

    /// Ends one session; returns whether it was live.
    @discardableResult
    public func revoke(sessionID: UUID, in db: TenantConnection) async throws -> Bool {
        try await revoke(sessionID: sessionID, ownedBy: nil, in: db)
    }

    /// Counts one second-factor attempt on a pending sign-in before the code is checked, and returns the new count; nil
    /// when the session has used its `limit` (or is gone). The row lock makes concurrent attempts take their turn, so
    /// no more than `limit` codes are ever checked for one sign-in.
    public func countSecondFactorAttempt(
        sessionID: UUID,
        limit: Int,
        in db: TenantConnection
    ) async throws -> Int? {
        let rows = try await db.all(
            """
            UPDATE sessions SET mfa_failures = mfa_failures + 1
             WHERE tenant_id = \(db.tenantID) AND id = \(sessionID) AND revoked_at IS NULL AND mfa_failures < \(limit)
            RETURNING mfa_failures
            """,
            as: Int.self
        )
        for count in rows { return count }
        return nil
    }

    /// Records that this session has proved the second factor (after enrolling it, for example).
    public func markSecondFactorPassed(sessionID: UUID, in db: TenantConnection) async throws {
        try await db.run("UPDATE sessions SET mfa_passed = true WHERE tenant_id = \(db.tenantID) AND id = \(sessionID)")
    }

    /// Records that the person proved themselves again (for step-up).
    public func markReauthenticated(sessionID: UUID, at date: Date, in db: TenantConnection) async throws {
        try await db.run(
            "UPDATE sessions SET reauthenticated_at = \(date) WHERE tenant_id = \(db.tenantID) AND id = \(sessionID)"
        )
    }

    /// Ends every live session of a user except `keep`; returns how many ended.
    @discardableResult
    public func revokeAll(userID: UUID, except keep: UUID? = nil, in db: TenantConnection) async throws -> Int {
        let rows = try await db.all(
            """
            UPDATE sessions SET revoked_at = now()
             WHERE tenant_id = \(db.tenantID) AND user_id = \(userID) AND revoked_at IS NULL AND (\(keep)::uuid IS NULL OR id <> \(keep))
            RETURNING id
            """,
            as: UUID.self
        )
        var count = 0
        for _ in rows { count += 1 }
        return count
    }

    /// Live sessions of one user (or of the whole tenant when `userID` is nil), most recently active first.
    public func live(userID: UUID?, now: Date, in db: TenantConnection) async throws -> [LiveSession] {
        var sessions: [LiveSession] = []
        for (id, userID, email, name, role, created, lastSeen, ip, agent, mfa) in try await db.all(
            """
            SELECT s.id, s.user_id, u.email, u.name, u.role, s.created_at, s.last_seen_at, host(s.ip), s.user_agent, s.mfa_passed
              FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
             WHERE s.tenant_id = \(db.tenantID) AND s.revoked_at IS NULL AND s.expires_at > \(now)
               AND (\(userID)::uuid IS NULL OR s.user_id = \(userID))
             ORDER BY s.last_seen_at DESC
             LIMIT 500
            """,
            as: (UUID, UUID, String, String, String, Date, Date, String?, String?, Bool).self
        ) {
            sessions.append(
                LiveSession(
                    id: id,
                    userID: userID,
                    email: email,
                    name: name,
                    role: Role(rawValue: role) ?? .candidate,
                    createdAt: created,
                    lastSeenAt: lastSeen,
                    ip: ip,
                    userAgent: agent,
                    mfaPassed: mfa
                )
            )
        }
        return sessions
    }

    /// The role of the person a live session of this tenant belongs to.
    public func holderRole(sessionID: UUID, in db: TenantConnection) async throws -> Role? {
        let rows = try await db.all(
            """
            SELECT u.role FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
             WHERE s.tenant_id = \(db.tenantID) AND s.id = \(sessionID) AND s.revoked_at IS NULL
            """,
            as: String.self
        )
        for role in rows { return Role(rawValue: role) }
        return nil
    }

    /// Ends one session of this tenant, optionally only if it belongs to `userID`; returns whether it was live.
    @discardableResult
    public func revoke(sessionID: UUID, ownedBy userID: UUID?, in db: TenantConnection) async throws -> Bool {
        let rows = try await db.all(
            """
            UPDATE sessions SET revoked_at = now()
             WHERE tenant_id = \(db.tenantID) AND id = \(sessionID) AND revoked_at IS NULL AND (\(userID)::uuid IS NULL OR user_id = \(userID))
            RETURNING id
            """,
            as: UUID.self
        )
        var count = 0
        for _ in rows { count += 1 }
        return count == 1
    }

    /// Ends every live session of the tenant (suspension); returns how many ended.
    public func revokeTenant(in db: TenantConnection) async throws -> Int {
        try await db.count("UPDATE sessions SET revoked_at = now() WHERE tenant_id = \(db.tenantID) AND revoked_at IS NULL RETURNING id")
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
