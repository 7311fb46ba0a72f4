import Foundation
import Testing

@testable import App

@Suite("Lowercase UUID text")
struct UUIDLowercasedTests {
    @Test("The same text as Foundation's uuidString, lowercased, for the extremes and a thousand random ids")
    func sameAsFoundation() throws {
        let extremes = [
            try #require(UUID(uuidString: "00000000-0000-0000-0000-000000000000")),
            try #require(UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")),
            try #require(UUID(uuidString: "0A1B2C3D-4E5F-6A7B-8C9D-AEBFC0D1E2F3")),
        ]
        for id in extremes + (0..<1000).map({ _ in UUID() }) {
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
    }
}
