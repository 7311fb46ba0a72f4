import Foundation

/// Fixed-format UTC dates for pages and exports (never the server's locale or zone).
public enum UTCFormat {
    /// `2026-11-23`
    public static let day = FixedUTCFormat(withTime: false)
    /// `2026-11-23 14:05:09`
    public static let time = FixedUTCFormat(withTime: true)
}

/// One of ``UTCFormat``'s two formats. Writing a date takes the calendar fields from `gmtime_r` and pads them by hand:
/// a list page writes one per row, and `DateFormatter` (ICU) cost several microseconds each. It is proleptic Gregorian,
/// as ICU is from 1583 on (ICU switches to the Julian calendar before). Reading still goes through
/// `DateFormatter`, which checks the text strictly; it runs once per filter, not per row.
public struct FixedUTCFormat: Sendable {
    let withTime: Bool
    private let reader: DateFormatter

    init(withTime: Bool) {
        self.withTime = withTime
        let reader = DateFormatter()
        reader.locale = Locale(identifier: "en_US_POSIX")
        reader.timeZone = TimeZone(identifier: "UTC")
        reader.dateFormat = withTime ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd"
        self.reader = reader
    }

    public func string(from date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        gmtime_r(&seconds, &fields)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(19)
        func append(_ value: Int32, digits: Int) {
            let text = String(value)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, digits - text.utf8.count)))
            bytes.append(contentsOf: text.utf8)
        }
        append(fields.tm_year + 1900, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        append(fields.tm_mon + 1, digits: 2)
        bytes.append(UInt8(ascii: "-"))
        append(fields.tm_mday, digits: 2)
        if withTime {
            bytes.append(UInt8(ascii: " "))
            append(fields.tm_hour, digits: 2)
            bytes.append(UInt8(ascii: ":"))
            append(fields.tm_min, digits: 2)
            bytes.append(UInt8(ascii: ":"))
            append(fields.tm_sec, digits: 2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func date(from text: String) -> Date? {
        reader.date(from: text)
    }
}
