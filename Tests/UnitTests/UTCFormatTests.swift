import Foundation
import Testing

@testable import App

@Suite("Fixed UTC dates and query strings")
struct UTCFormatTests {
    static func reference(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }

    static let instants: [Double] = [
        0, 1_795_000_000.999, 951_782_400, 1_704_067_199.5, 253_402_300_799, -2_208_988_800, 1_763_906_709,
    ]

    @Test("Dates are written as DateFormatter writes them in UTC, to the second, for both formats", arguments: instants)
    func sameAsDateFormatter(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(UTCFormat.time.string(from: date) == Self.reference("yyyy-MM-dd HH:mm:ss").string(from: date))
        #expect(UTCFormat.day.string(from: date) == Self.reference("yyyy-MM-dd").string(from: date))
    }

    @Test("Reading is strict: a day reads back, nonsense does not")
    func reading() {
        #expect(UTCFormat.day.date(from: "2026-02-28").map(UTCFormat.day.string(from:)) == "2026-02-28")
        #expect(UTCFormat.day.date(from: "yesterday") == nil)
    }

    @Test("A query string encodes every byte but the unreserved ASCII characters, and keeps the order")
    func queryString() {
        let query = [("actor", "Zoë O'Brien <z@acme.test>"), ("target", "a-b_c.d~e"), ("q", "50% & more=yes")].queryString
        #expect(query == "actor=Zo%C3%AB%20O%27Brien%20%3Cz%40acme.test%3E&target=a-b_c.d~e&q=50%25%20%26%20more%3Dyes")
        #expect(URLComponents(string: "/x?" + query)?.queryItems?.first?.value == "Zoë O'Brien <z@acme.test>")
    }
}
