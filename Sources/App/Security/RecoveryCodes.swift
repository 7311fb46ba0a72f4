import Crypto
import Foundation

/// Single-use recovery codes: shown once, stored only as keyed hashes.
public struct RecoveryCodes: Sendable {
    public static let count = 10
    private let keyBytes: [UInt8]

    public init(secretKey: [UInt8]) {
        self.keyBytes = SHA256.hash(data: Data("recovery-v1".utf8) + Data(secretKey)).bytes
    }

    /// Ten new codes such as `k7qm-2xpd-9fha` (60 random bits each).
    public static func generate() -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let characters = (0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] }
            return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
        }
    }

    /// The stored form: HMAC-SHA256 of the code without separators, case-insensitive.
    public func hash(_ code: String) -> [UInt8] {
        let normalized = code.lowercased().filter { $0.isLetter || $0.isNumber }
        return Array(HMAC<SHA256>.authenticationCode(for: Data(normalized.utf8), using: SymmetricKey(data: keyBytes)))
    }

    /// Whether `text` looks like a recovery code rather than a 6-digit TOTP code.
    public static func looksLikeRecoveryCode(_ text: String) -> Bool {
        text.filter { $0.isLetter || $0.isNumber }.count == 12
    }
}
