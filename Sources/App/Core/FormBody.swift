import Foundation

/// `application/x-www-form-urlencoded` bodies read by hand where a Decodable struct does not fit (CSRF check, checkbox sets).
public enum FormBody {
    /// The first value of each name, percent- and plus-decoded.
    public static func parse(_ body: String) -> [String: String] {
        var form: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let name = parts.first, form[name] == nil { form[name] = parts.count == 2 ? parts[1] : "" }
        }
        return form
    }
}
