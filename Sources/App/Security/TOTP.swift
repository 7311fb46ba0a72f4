import Crypto
import Foundation

/// RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30-second steps) over a raw 160-bit secret.
public enum TOTP {
    public static let digits = 6
    public static let period: Int64 = 30
    /// Steps either side of now that are accepted, for clock drift.
    public static let window: Int64 = 1

    /// A new 160-bit secret from the system CSPRNG.
    public static func newSecret() -> [UInt8] { SecureRandom.bytes(20) }

    /// The time step `date` falls in.
    public static func step(at date: Date) -> Int64 { Int64(floor(date.timeIntervalSince1970)) / period }

    /// The code for `step`, zero-padded.
    public static func code(secret: [UInt8], step: Int64, digits: Int = digits) -> String {
        var counter = UInt64(step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let value = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(value % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// The step whose code equals `code` within ±``window`` of `date`, compared in constant time; nil if none.
    public static func matchingStep(code: String, secret: [UInt8], at date: Date) -> Int64? {
        let submitted = Array(code.filter { !$0.isWhitespace }.utf8)
        guard submitted.count == digits, submitted.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let now = step(at: date)
        var found: Int64?
        for candidate in (now - window)...(now + window) {
            let expected = Array(Self.code(secret: secret, step: candidate).utf8)
            var difference: UInt8 = 0
            for (a, b) in zip(expected, submitted) { difference |= a ^ b }
            if difference == 0 && found == nil { found = candidate }
        }
        return found
    }

    /// RFC 4648 base32 without padding: the form authenticator apps take.
    public static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 0x1f)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1f)]) }
        return output
    }

    /// Decodes RFC 4648 base32 (spaces, padding and case ignored); nil on a character outside the alphabet.
    public static func base32Decode(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased() where character != " " && character != "=" {
            guard let index = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(index)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }

    /// `otpauth://totp/Issuer:account?secret=…&issuer=Issuer…`, with the issuer in both label and parameter.
    public static func provisioningURI(secret: [UInt8], issuer: String, account: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        let issuerEncoded = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        let accountEncoded = account.addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        return
            "otpauth://totp/\(issuerEncoded):\(accountEncoded)?secret=\(base32(secret))&issuer=\(issuerEncoded)&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}
