import Foundation
import Logging
import NIOCore
import PostgresNIO

/// TOTP secrets (encrypted), the replay guard and recovery codes of users in the current tenant.
public struct TwoFactorRepository: Sendable {
    let box: SecretBox
    let recovery: RecoveryCodes

    public init(box: SecretBox, recovery: RecoveryCodes) {
        self.box = box
        self.recovery = recovery
    }

    /// A sealed enrolment offer for the setup form: the secret travels encrypted and bound to this user, so showing the
    /// setup page writes nothing and no half-enrolled secret is ever stored.
    public func enrolmentOffer(tenantID: UUID, userID: UUID, secret: [UInt8]) throws -> String {
        let sealed = try box.seal(secret, associatedData: "enrol:" + SecretBox.totpBinding(tenantID: tenantID, userID: userID))
        return "\(sealed.version).\(Base64URL.encode(sealed.blob))"
    }

    /// The secret inside an offer made for this user, or nil if it was made for someone else or altered.
    public func openOffer(_ offer: String, tenantID: UUID, userID: UUID) -> [UInt8]? {
        let parts = offer.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let version = Int(parts[0]), let blob = Base64URL.decode(String(parts[1])) else { return nil }
        return try? box.open(blob, version: version, associatedData: "enrol:" + SecretBox.totpBinding(tenantID: tenantID, userID: userID))
    }

    /// Stores `secret` (encrypted) as the user's active factor; the code's step that proved it is used up.
    public func activate(userID: UUID, secret: [UInt8], step: Int64, in db: TenantConnection) async throws {
        let sealed = try box.seal(secret, associatedData: SecretBox.totpBinding(tenantID: db.tenantID, userID: userID))
        try await db.run(
            """
            UPDATE users SET totp_secret = \(ByteBuffer(bytes: sealed.blob)), totp_key_version = \(sealed.version),
                   totp_enabled_at = now(), totp_last_step = \(step)
             WHERE tenant_id = \(db.tenantID) AND id = \(userID) AND totp_secret IS NULL
            """
        )
    }

    /// Removes TOTP and recovery codes.
    public func disable(userID: UUID, in db: TenantConnection) async throws {
        try await db.run(
            """
            UPDATE users SET totp_secret = NULL, totp_key_version = NULL, totp_enabled_at = NULL, totp_last_step = NULL
             WHERE tenant_id = \(db.tenantID) AND id = \(userID)
            """
        )
        try await db.run("DELETE FROM recovery_codes WHERE tenant_id = \(db.tenantID) AND user_id = \(userID)")
    }

    /// The active secret, decrypted.
    public func activeSecret(userID: UUID, in db: TenantConnection) async throws -> [UInt8]? {
        for (blob, version) in try await db.all(
            "SELECT totp_secret, totp_key_version FROM users WHERE tenant_id = \(db.tenantID) AND id = \(userID) AND totp_secret IS NOT NULL",
            as: (ByteBuffer, Int).self
        ) {
            return try box.open(Array(buffer: blob), version: version, associatedData: SecretBox.totpBinding(tenantID: db.tenantID, userID: userID))
        }
        return nil
    }

    /// Accepts `step` only if it is newer than the last accepted one, in one atomic update: of two concurrent
    /// requests with the same code, exactly one succeeds.
    public func consumeStep(userID: UUID, step: Int64, in db: TenantConnection) async throws -> Bool {
        let rows = try await db.all(
            """
            UPDATE users SET totp_last_step = \(step)
             WHERE tenant_id = \(db.tenantID) AND id = \(userID) AND (totp_last_step IS NULL OR totp_last_step < \(step))
            RETURNING id
            """,
            as: UUID.self
        )
        var updated = false
        for _ in rows { updated = true }
        return updated
    }

    /// Replaces the user's recovery codes with ten new ones and returns them (the only time they are readable).
    public func regenerateRecoveryCodes(userID: UUID, in db: TenantConnection) async throws -> [String] {
        try await db.run("DELETE FROM recovery_codes WHERE tenant_id = \(db.tenantID) AND user_id = \(userID)")
        let codes = RecoveryCodes.generate()
        for code in codes {
            try await db.run(
                "INSERT INTO recovery_codes (tenant_id, user_id, code_hash) VALUES (\(db.tenantID), \(userID), \(ByteBuffer(bytes: recovery.hash(code))))"
            )
        }
        return codes
    }

    /// Marks a matching unused code as used, atomically; returns whether one was.
    public func useRecoveryCode(userID: UUID, code: String, in db: TenantConnection) async throws -> Bool {
        let rows = try await db.all(
            """
            UPDATE recovery_codes SET used_at = now()
             WHERE tenant_id = \(db.tenantID) AND user_id = \(userID) AND code_hash = \(ByteBuffer(bytes: recovery.hash(code))) AND used_at IS NULL
            RETURNING id
            """,
            as: UUID.self
        )
        var used = false
        for _ in rows { used = true }
        return used
    }

    /// How many codes are left, and when one was last used.
    public func recoveryStatus(userID: UUID, in db: TenantConnection) async throws -> (remaining: Int, lastUsed: Date?) {
        for (remaining, lastUsed) in try await db.all(
            """
            SELECT count(*) FILTER (WHERE used_at IS NULL)::int, max(used_at) FROM recovery_codes
             WHERE tenant_id = \(db.tenantID) AND user_id = \(userID)
            """,
            as: (Int, Date?).self
        ) {
            return (remaining, lastUsed)
        }
        return (0, nil)
    }
}
