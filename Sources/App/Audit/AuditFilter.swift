import Foundation
import Hummingbird

/// What the audit list and exports are narrowed to; parsed from the query string so links and exports share it.
public struct AuditFilter: Sendable, Equatable {
    public var actor: String?
    public var action: AuditAction?
    public var targetType: String?
    public var target: String?
    public var outcome: AuditOutcome?
    /// Inclusive start day (UTC).
    public var from: Date?
    /// Inclusive end day (UTC); the query uses the next midnight as an exclusive bound.
    public var to: Date?

    public init() {}

    /// Form values exactly as typed, so a rejected filter can be shown again.
    public struct Raw: Sendable, Equatable, Encodable {
        public var actor = "", action = "", targetType = "", target = "", outcome = "", from = "", to = ""
    }

    /// Parses the query string; returns the filter, the raw values and a message for each field that was not understood.
    public static func parse(_ query: [String: String]) -> (AuditFilter, Raw, [String]) {
        var raw = Raw()
        func value(_ key: String) -> String { (query[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        raw.actor = String(value("actor").prefix(320))
        raw.action = value("action")
        raw.targetType = String(value("target_type").prefix(100))
        raw.target = String(value("target").prefix(320))
        raw.outcome = value("outcome")
        raw.from = value("from")
        raw.to = value("to")

        var filter = AuditFilter()
        var problems: [String] = []
        filter.actor = raw.actor.isEmpty ? nil : raw.actor
        filter.targetType = raw.targetType.isEmpty ? nil : raw.targetType
        filter.target = raw.target.isEmpty ? nil : raw.target
        if !raw.action.isEmpty {
            if let action = AuditAction(rawValue: raw.action) { filter.action = action } else { problems.append("Choose an action from the list.") }
        }
        if !raw.outcome.isEmpty {
            if let outcome = AuditOutcome(rawValue: raw.outcome) {
                filter.outcome = outcome
            } else {
                problems.append("Choose an outcome from the list.")
            }
        }
        if !raw.from.isEmpty {
            if let date = day(raw.from) { filter.from = date } else { problems.append("“From” must be a date such as 2026-11-23.") }
        }
        if !raw.to.isEmpty {
            if let date = day(raw.to) { filter.to = date } else { problems.append("“To” must be a date such as 2026-11-23.") }
        }
        if let from = filter.from, let to = filter.to, from > to { problems.append("“From” must not be after “To”.") }
        return (filter, raw, problems)
    }

    /// The exclusive upper bound: midnight after the `to` day.
    public var toExclusive: Date? { to.map { $0.addingTimeInterval(86_400) } }

    /// The filter as query-string pairs, for pagination and export links.
    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let actor { items.append(("actor", actor)) }
        if let action { items.append(("action", action.rawValue)) }
        if let targetType { items.append(("target_type", targetType)) }
        if let target { items.append(("target", target)) }
        if let outcome { items.append(("outcome", outcome.rawValue)) }
        if let from { items.append(("from", Self.dayFormatter.string(from: from))) }
        if let to { items.append(("to", Self.dayFormatter.string(from: to))) }
        return items
    }

    /// A description for audit details, e.g. `action=auth.sign_in outcome=failure`.
    public var summary: String {
        let items = queryItems
        return items.isEmpty ? "all events" : items.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }

    static var dayFormatter: FixedUTCFormat { UTCFormat.day }

    static func day(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        return dayFormatter.date(from: text)
    }
}

private let hexDigits = [UInt8]("0123456789ABCDEF".utf8)

extension Array where Element == (String, String) {
    /// `a=1&b=2` with each value percent-encoded: every UTF-8 byte but RFC 3986's unreserved ASCII characters.
    public var queryString: String {
        var bytes: [UInt8] = []
        for (index, (name, value)) in enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "&")) }
            bytes.append(contentsOf: name.utf8)
            bytes.append(UInt8(ascii: "="))
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    bytes.append(byte)
                default:
                    bytes += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
