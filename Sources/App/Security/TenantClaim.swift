import Crypto
import Foundation

/// The proof the server gives PostgreSQL of which tenant a transaction works for.
///
/// `app_tenant()` in the database accepts `<tenant>.<unix seconds>.<hex HMAC-SHA256>` only when the HMAC was made with
/// the key in `tenant_claim_key`, which the runtime role cannot read, and the time is within five minutes of the
/// transaction's start. SQL running as `coach_app` can therefore not select a tenant it was not given.
public struct TenantClaim: Sendable {
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Takes the key from `COACH_TENANT_CLAIM_KEY` (base64, 32 bytes or more).
    public init(key: [UInt8]) throws {
        guard key.count >= 32 else { throw ConfigurationError("COACH_TENANT_CLAIM_KEY must hold at least 32 bytes (base64)") }
        self.keyBytes = key
    }

    /// The claim for `tenantID`, issued at `date` (the real clock: the database compares with its own).
    public func claim(for tenantID: UUID, at date: Date = Date()) -> String {
        let message = tenantID.lowercasedString + "." + String(Int64(date.timeIntervalSince1970.rounded(.down)))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)
        return message + "." + Data(mac).hexString
    }
}
