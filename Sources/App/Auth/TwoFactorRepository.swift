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
    public func activate(tenantID: UUID, userID: UUID, secret: [UInt8], step: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        let sealed = try box.seal(secret, associatedData: SecretBox.totpBinding(tenantID: tenantID, userID: userID))
        try await connection.query(
            """
            UPDATE users SET totp_secret = \(ByteBuffer(bytes: sealed.blob)), totp_key_version = \(sealed.version),
                   totp_enabled_at = now(), totp_last_step = \(step)
             WHERE tenant_id = \(tenantID) AND id = \(userID) AND totp_secret IS NULL
            """,
            logger: logger
        )
    }

    /// Removes TOTP and recovery codes.
    public func disable(tenantID: UUID, userID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE users SET totp_secret = NULL, totp_key_version = NULL, totp_enabled_at = NULL, totp_last_step = NULL
             WHERE tenant_id = \(tenantID) AND id = \(userID)
            """,
            logger: logger
        )
        try await connection.query("DELETE FROM recovery_codes WHERE tenant_id = \(tenantID) AND user_id = \(userID)", logger: logger)
    }

    /// The active secret, decrypted.
    public func activeSecret(tenantID: UUID, userID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [UInt8]? {
        for try await (blob, version) in try await connection.query(
            "SELECT totp_secret, totp_key_version FROM users WHERE tenant_id = \(tenantID) AND id = \(userID) AND totp_secret IS NOT NULL",
            logger: logger
        ).decode((ByteBuffer, Int).self) {
            return try box.open(Array(buffer: blob), version: version, associatedData: SecretBox.totpBinding(tenantID: tenantID, userID: userID))
        }
        return nil
    }

    /// Accepts `step` only if it is newer than the last accepted one, in one atomic update: of two concurrent
    /// requests with the same code, exactly one succeeds.
    public func consumeStep(tenantID: UUID, userID: UUID, step: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE users SET totp_last_step = \(step)
             WHERE tenant_id = \(tenantID) AND id = \(userID) AND (totp_last_step IS NULL OR totp_last_step < \(step))
            RETURNING id
            """,
            logger: logger
        )
        var updated = false
        for try await _ in rows.decode(UUID.self) { updated = true }
        return updated
    }

    /// Replaces the user's recovery codes with ten new ones and returns them (the only time they are readable).
    public func regenerateRecoveryCodes(tenantID: UUID, userID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query("DELETE FROM recovery_codes WHERE tenant_id = \(tenantID) AND user_id = \(userID)", logger: logger)
        let codes = RecoveryCodes.generate()
        for code in codes {
            try await connection.query(
                "INSERT INTO recovery_codes (tenant_id, user_id, code_hash) VALUES (\(tenantID), \(userID), \(ByteBuffer(bytes: recovery.hash(code))))",
                logger: logger
            )
        }
        return codes
    }

    /// Marks a matching unused code as used, atomically; returns whether one was.
    public func useRecoveryCode(tenantID: UUID, userID: UUID, code: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE recovery_codes SET used_at = now()
             WHERE tenant_id = \(tenantID) AND user_id = \(userID) AND code_hash = \(ByteBuffer(bytes: recovery.hash(code))) AND used_at IS NULL
            RETURNING id
            """,
            logger: logger
        )
        var used = false
        for try await _ in rows.decode(UUID.self) { used = true }
        return used
    }

    /// How many codes are left, and when one was last used.
    public func recoveryStatus(tenantID: UUID, userID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> (remaining: Int, lastUsed: Date?) {
        for try await (remaining, lastUsed) in try await connection.query(
            """
            SELECT count(*) FILTER (WHERE used_at IS NULL)::int, max(used_at) FROM recovery_codes
             WHERE tenant_id = \(tenantID) AND user_id = \(userID)
            """,
            logger: logger
        ).decode((Int, Date?).self) {
            return (remaining, lastUsed)
        }
        return (0, nil)
    }
}
