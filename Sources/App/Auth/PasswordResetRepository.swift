import Foundation
import NIOCore

/// Password reset links of the current tenant; only the SHA-256 of a link's token is stored.
public struct PasswordResetRepository: Sendable {
    public init() {}

    /// The id and name of the active account with `email`, or nil.
    public func activeAccount(email: String, in db: TenantConnection) async throws -> (id: UUID, name: String)? {
        try await db.first(
            "SELECT id, name FROM users WHERE tenant_id = \(db.tenantID) AND email = \(email) AND status = 'active'",
            as: (UUID, String).self
        ).map { ($0.0, $0.1) }
    }

    /// How many links the account was sent since `since`.
    public func sent(to userID: UUID, since: Date, in db: TenantConnection) async throws -> Int {
        try await db.first(
            "SELECT count(*) FROM password_resets WHERE tenant_id = \(db.tenantID) AND user_id = \(userID) AND created_at > \(since)",
            as: Int.self
        ) ?? 0
    }

    /// Stores a link's token hash for the account until `expiresAt`.
    public func insert(userID: UUID, tokenHash: [UInt8], expiresAt: Date, in db: TenantConnection) async throws {
        try await db.run(
            """
            INSERT INTO password_resets (tenant_id, user_id, token_hash, expires_at)
            VALUES (\(db.tenantID), \(userID), \(ByteBuffer(bytes: tokenHash)), \(expiresAt))
            """
        )
    }

    /// The reset a token names (locked): its id, account, the account's email, and whether it is still usable at `now`.
    public func find(tokenHash: [UInt8], now: Date, in db: TenantConnection) async throws -> (id: UUID, userID: UUID, email: String, usable: Bool)? {
        try await db.first(
            """
            SELECT r.id, r.user_id, u.email, r.used_at IS NULL AND r.expires_at > \(now) AND u.status = 'active'
              FROM password_resets r JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id
             WHERE r.tenant_id = \(db.tenantID) AND r.token_hash = \(ByteBuffer(bytes: tokenHash)) FOR UPDATE OF r
            """,
            as: (UUID, UUID, String, Bool).self
        ).map { ($0.0, $0.1, $0.2, $0.3) }
    }

    /// Marks the reset used and lifts the account's lockout.
    public func use(_ id: UUID, userID: UUID, in db: TenantConnection) async throws {
        try await db.run("UPDATE users SET locked_until = NULL WHERE tenant_id = \(db.tenantID) AND id = \(userID)")
        try await db.run("UPDATE password_resets SET used_at = now() WHERE tenant_id = \(db.tenantID) AND id = \(id)")
    }
}
