import Foundation

/// Splits HTML into text, start tags and end tags; comments, doctypes and script/style content are dropped.
enum HTMLTokenizer {
    enum Token: Equatable {
        case text(String)
        case start(String, [String: String], selfClosing: Bool)
        case end(String)
    }

    /// The tokens of an HTML fragment, text already entity-decoded.
    static func tokens(_ html: String) -> [Token] {
        let chars = Array(html.unicodeScalars)
        var tokens: [Token] = []
        var text = ""
        var index = 0
        func flushText() {
            if !text.isEmpty { tokens.append(.text(HTMLEntities.decode(text))) }
            text = ""
        }
        func starts(_ prefix: String, at position: Int) -> Bool {
            let scalars = Array(prefix.unicodeScalars)
            guard position + scalars.count <= chars.count else { return false }
            return (0..<scalars.count).allSatisfy { String(chars[position + $0]).lowercased() == String(scalars[$0]) }
        }
        func skip(past terminator: String, from position: Int) -> Int {
            var cursor = position
            while cursor < chars.count && !starts(terminator, at: cursor) { cursor += 1 }
            return min(chars.count, cursor + terminator.unicodeScalars.count)
        }
        while index < chars.count {
            let char = chars[index]
            guard char == "<", index + 1 < chars.count else {
                text.unicodeScalars.append(char)
                index += 1
                continue
            }
            let next = chars[index + 1]
            if starts("<!--", at: index) {
                flushText()
                index = skip(past: "-->", from: index + 4)
            } else if next == "!" || next == "?" {
                flushText()
                index = skip(past: ">", from: index)
            } else if next == "/" || next.properties.isAlphabetic {
                guard let tag = readTag(chars, from: index) else {
                    text.unicodeScalars.append(char)
                    index += 1
                    continue
                }
                flushText()
                tokens.append(tag.token)
                index = tag.end
                if case .start(let name, _, false) = tag.token, name == "script" || name == "style" {
                    index = skip(past: "</\(name)", from: index)
                    index = skip(past: ">", from: index)
                    tokens.append(.end(name))
                }
            } else {
                text.unicodeScalars.append(char)
                index += 1
            }
        }
        flushText()
        return tokens
    }

    /// Reads `<name attr="v">` or `</name>` starting at `start`; nil when it is not a tag after all.
    private static func readTag(_ chars: [Unicode.Scalar], from start: Int) -> (token: Token, end: Int)? {
        var index = start + 1
        let closing = chars[index] == "/"
        if closing { index += 1 }
        var name = ""
        while index < chars.count, chars[index].properties.isAlphabetic || ("0"..."9").contains(chars[index]) || chars[index] == "-" {
            name.unicodeScalars.append(chars[index])
            index += 1
        }
        guard !name.isEmpty else { return nil }
        var attributes: [String: String] = [:]
        var selfClosing = false
        while index < chars.count {
            let char = chars[index]
            if char == ">" {
                let lower = name.lowercased()
                return (closing ? .end(lower) : .start(lower, attributes, selfClosing: selfClosing), index + 1)
            } else if char == "/" {
                selfClosing = true
                index += 1
            } else if char.properties.isWhitespace {
                index += 1
            } else {
                selfClosing = false
                var key = ""
                while index < chars.count, !chars[index].properties.isWhitespace, !["=", ">", "/"].contains(chars[index]) {
                    key.unicodeScalars.append(chars[index])
                    index += 1
                }
                var value = ""
                if index < chars.count && chars[index] == "=" {
                    index += 1
                    let quote = index < chars.count && (chars[index] == "\"" || chars[index] == "'") ? chars[index] : nil
                    if quote != nil { index += 1 }
                    while index < chars.count {
                        let c = chars[index]
                        if let quote, c == quote {
                            index += 1
                            break
                        }
                        if quote == nil && (c.properties.isWhitespace || c == ">") { break }
                        value.unicodeScalars.append(c)
                        index += 1
                    }
                }
                if key.isEmpty { index += 1 } else { attributes[key.lowercased()] = HTMLEntities.decode(value) }
            }
        }
        return nil
    }
}
