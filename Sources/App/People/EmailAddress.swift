import Foundation

/// Email addresses as this product stores them: trimmed, lower-case, one `@`, a dot in the domain, no spaces.
public enum EmailAddress {
    /// The stored form of `text`, or nil when it is not an address.
    public static func normalised(_ text: String) -> String? {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(where: \.isWhitespace), email.count <= 254
        else { return nil }
        return email
    }
}
