import Foundation

/// Fixed-format UTC date formatting for pages and exports (never the server's locale or zone).
public enum UTCFormat {
    public static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }

    /// `2026-11-23`
    public static let day = formatter("yyyy-MM-dd")
    /// `2026-11-23 14:05:09`
    public static let time = formatter("yyyy-MM-dd HH:mm:ss")
}
