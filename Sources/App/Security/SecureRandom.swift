import Crypto
import Foundation

/// Cryptographically secure random values.
public enum SecureRandom {
    /// Fills `buffer` from the system CSPRNG.
    public static func fill(_ buffer: inout [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        for index in buffer.indices { buffer[index] = generator.next() }
    }

    public static func bytes(_ count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        fill(&buffer)
        return buffer
    }

    /// 256 random bits as unpadded base64url: the form of session and CSRF cookie tokens.
    public static func token() -> String { Base64URL.encode(bytes(32)) }

    /// A password a person can type: 20 characters from an unambiguous alphabet (~115 bits).
    public static func password() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }
}

/// Unpadded base64url (RFC 4648 §5).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64 with `-` and `_` for `+` and `/`, and no padding (RFC 4648, section 5). Written out here because every
    /// page encodes a CSRF token: Foundation's encoder followed by three `replacingOccurrences` went through `NSString`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var group = UInt32(bytes[index]) << 16
            if count > 1 { group |= UInt32(bytes[index + 1]) << 8 }
            if count > 2 { group |= UInt32(bytes[index + 2]) }
            for position in 0...count {  // 3 bytes make 4 characters, 2 make 3, 1 makes 2
                output.append(alphabet[Int((group >> (18 - 6 * UInt32(position))) & 0x3F)])
            }
            index += count
        }
        return String(decoding: output, as: UTF8.self)
    }

    public static func decode(_ string: String) -> [UInt8]? {
        guard string.utf8.allSatisfy({ $0.isBase64URL }) else { return nil }
        var base64 = string.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64).map { Array($0) }
    }
}

extension UInt8 {
    fileprivate var isBase64URL: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5a).contains(self) || (0x61...0x7a).contains(self) || self == 0x2d || self == 0x5f
    }
}

/// Session tokens are stored only as their SHA-256.
public enum TokenHash {
    public static func of(_ token: String) -> [UInt8] { SHA256.hash(data: Data(token.utf8)).bytes }
}
