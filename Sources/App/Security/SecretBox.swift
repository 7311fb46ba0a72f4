import Crypto
import Foundation

/// Encrypts small secrets at rest with AES-256-GCM; the associated data binds a ciphertext to its row.
public struct SecretBox: Sendable {
    /// Key bytes by version; the highest version encrypts, every version decrypts.
    private let keys: [Int: [UInt8]]
    public let currentVersion: Int

    public init(keys: [Int: [UInt8]]) throws {
        guard let current = keys.keys.max(), keys.values.allSatisfy({ $0.count == 32 }) else {
            throw ConfigurationError("COACH_DATA_KEYS must hold at least one 32-byte key, as VERSION=base64 separated by ';'")
        }
        self.keys = keys
        self.currentVersion = current
    }

    /// Parses `1=base64;2=base64`.
    public static func parse(_ text: String) throws -> SecretBox {
        var keys: [Int: [UInt8]] = [:]
        for entry in text.split(separator: ";") {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let version = Int(parts[0]), let key = Data(base64Encoded: String(parts[1])) else {
                throw ConfigurationError("COACH_DATA_KEYS entries must look like 1=<base64 of 32 bytes>")
            }
            keys[version] = Array(key)
        }
        return try SecretBox(keys: keys)
    }

    /// Nonce, ciphertext and tag in one blob, plus the key version used.
    public func seal(_ plaintext: [UInt8], associatedData: String) throws -> (blob: [UInt8], version: Int) {
        let key = SymmetricKey(data: keys[currentVersion]!)
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(associatedData.utf8))
        return (Array(box.combined!), currentVersion)
    }

    /// The plaintext, or an error if the key version is unknown or the data or its binding was altered.
    public func open(_ blob: [UInt8], version: Int, associatedData: String) throws -> [UInt8] {
        guard let keyBytes = keys[version] else { throw ConfigurationError("no data key with version \(version) is configured") }
        let box = try AES.GCM.SealedBox(combined: blob)
        return Array(try AES.GCM.open(box, using: SymmetricKey(data: keyBytes), authenticating: Data(associatedData.utf8)))
    }

    /// The associated data for a user's TOTP secret.
    public static func totpBinding(tenantID: UUID, userID: UUID) -> String {
        "totp:\(tenantID.lowercasedString):\(userID.lowercasedString)"
    }
}
