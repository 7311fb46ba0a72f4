import Foundation
import Testing

@testable import App

@Suite("Base64URL")
struct Base64URLTests {
    /// Foundation's Base64 with the URL alphabet swapped in and the padding removed: what the encoder was before.
    static func reference(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test("Every length up to 70 bytes, and bytes that use each end of the alphabet, encode as Foundation's Base64 does")
    func sameAsFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...70 {
            for bytes in [
                (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }, [UInt8](repeating: 0xFF, count: length),
                [UInt8](repeating: 0, count: length),
            ] {
                let encoded = Base64URL.encode(bytes)
                #expect(encoded == Self.reference(bytes), "\(bytes)")
                #expect(Base64URL.decode(encoded) == bytes, "\(bytes)")
            }
        }
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
    }
}
