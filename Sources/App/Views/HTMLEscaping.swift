import Mustache

/// swift-mustache's HTML escaping, byte by byte: the same five replacements, but a string without any of them (most
/// values on a page) is returned as it is, and one with them is scanned as UTF-8 rather than looked up Character by
/// Character in a dictionary, which profiled at a seventh of a list page's CPU.
///
/// swift-mustache starts every template and partial with its own escaping, so `Views` registers this one under the
/// name "HTML" and each template that is rendered on its own (the layout, the report, partials and parents) begins
/// with `{{% CONTENT_TYPE: HTML}}`. Page templates are blocks inside the layout and use its escaping.
struct HTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String {
        guard text.utf8.contains(where: Self.isSpecial) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }
}
