/// HTML escaping for every value a template prints with `{{name}}`: `<`, `>`, `&`, `"` and `'` become entities.
///
/// It works on UTF-8 bytes, not Characters: a quote followed by a combining mark is one Character that is not a quote,
/// and comparing Characters (as swift-mustache's own escaping does) would let it end an attribute value. A value with
/// none of the five (most values on a page) is copied as it is.
enum HTMLEscaping {
    /// Appends `text`, escaped, to `output`.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard bytes.contains(where: isSpecial) else { return output.append(contentsOf: bytes) }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
                default: output.append(byte)
                }
            }
        }
    }

    /// `text`, escaped.
    static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// All five are below `?` (0x3F), so a letter, the most common byte, is told apart by one comparison.
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte < UInt8(ascii: "?")
            && (byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "'"))
    }
}
