import Crypto
import Foundation

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Digest {
    /// Lowercase hexadecimal of the digest.
    public var hexString: String { self.withUnsafeBytes { Array($0) }.hexString }
    /// The digest's bytes.
    public var bytes: [UInt8] { self.withUnsafeBytes { Array($0) } }
}
