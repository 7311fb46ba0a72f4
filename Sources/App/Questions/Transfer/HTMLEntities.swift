import Foundation

/// Decodes HTML character references: the common named ones and every numeric one.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "shy": "", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "times": "×", "divide": "÷",
        "middot": "·", "bull": "•", "deg": "°", "plusmn": "±", "para": "¶", "sect": "§", "le": "≤", "ge": "≥", "ne": "≠",
        "rarr": "→", "larr": "←", "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "eacute": "é", "egrave": "è", "agrave": "à", "ccedil": "ç", "Eacute": "É", "iexcl": "¡", "iquest": "¿",
    ]

    /// The text with `&name;`, `&#NN;` and `&#xHH;` replaced; unknown or broken references stay as written.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";"), let value = reference(String(after[..<semicolon])) else {
                out += "&"
                rest = after
                continue
            }
            out += value
            rest = after[after.index(after: semicolon)...]
        }
        return out + rest
    }

    private static func reference(_ name: String) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let number = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let number, number != 0, let scalar = Unicode.Scalar(number) else { return nil }
            return number == 0xA0 ? " " : String(scalar)
        }
        return named[name]
    }
}
