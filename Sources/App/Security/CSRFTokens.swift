import Crypto
import Foundation

/// Derives CSRF tokens bound to the visitor: to the session token when signed in, else to the pre-sign-in cookie.
public struct CSRFTokens: Sendable {
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    public init(secretKey: [UInt8]) {
        self.keyBytes = SHA256.hash(data: Data("csrf-v1".utf8) + Data(secretKey)).bytes
    }

    /// The token forms must carry for this binding.
    public func token(for binding: String) -> String {
        Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(binding.utf8), using: key)))
    }

    /// Constant-time check of a submitted token.
    public func isValid(_ submitted: String?, for binding: String) -> Bool {
        guard let submitted, let bytes = Base64URL.decode(submitted) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Data(binding.utf8), using: key)
    }
}
