import Foundation

/// Writes Markdown from an HTML tree: blocks separated by blank lines, inline text with HTML whitespace rules and escapes.
struct MarkdownRenderer {
    var blocks: [String] = []
    var line = ""
    var pendingSpace = false
    var leadingSpace = false
    var digitsAtLineStart = false

    /// The finished Markdown.
    mutating func finish() -> String {
        flush()
        return blocks.joined(separator: "\n\n")
    }

    /// Ends the current paragraph.
    mutating func flush() {
        var text = line.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("\\\n") { text = String(text.dropLast(2)).trimmingCharacters(in: .whitespaces) }
        if !text.isEmpty { blocks.append(text) }
        line = ""
        pendingSpace = false
        digitsAtLineStart = false
    }

    mutating func render(_ nodes: [HTMLNode]) {
        for node in nodes { render(node) }
    }

    /// Writes text, escaping what Markdown would read as syntax; `collapse` applies HTML's whitespace rule.
    mutating func text(_ text: String, collapse: Bool = true) {
        let chars = Array(text)
        for (index, char) in chars.enumerated() {
            if collapse && char.isWhitespace {
                if line.isEmpty && blocks.isEmpty { leadingSpace = true }
                pendingSpace = true
                continue
            }
            if pendingSpace && !line.isEmpty && !line.hasSuffix("\n") { line.append(" ") }
            pendingSpace = false
            let atLineStart = line.isEmpty || line.hasSuffix("\n")
            let next = index + 1 < chars.count ? chars[index + 1] : " "
            if needsEscape(char, next: next, atLineStart: atLineStart) { line.append("\\") }
            digitsAtLineStart = char.isASCII && char.isNumber && (atLineStart || digitsAtLineStart)
            line.append(char)
        }
    }

    private func needsEscape(_ char: Character, next: Character, atLineStart: Bool) -> Bool {
        switch char {
        case "\\", "`", "*", "_", "[", "]", "<": return true
        case "&": return next.isLetter || next == "#"
        case "#", "-", "+", ">", "=", "~", "|": return atLineStart
        case ".", ")": return digitsAtLineStart
        default: return false
        }
    }

    /// Appends Markdown syntax as is, first writing a space that text before it left pending.
    mutating func raw(_ markup: String) {
        if pendingSpace && !line.isEmpty && !line.hasSuffix("\n") { line.append(" ") }
        pendingSpace = false
        digitsAtLineStart = false
        line.append(markup)
    }

    /// Renders children on their own and reports their inline text (nil when they contain blocks) and surrounding spaces.
    func inline(_ children: [HTMLNode]) -> (text: String?, leading: Bool, trailing: Bool) {
        var sub = MarkdownRenderer()
        sub.render(children)
        let trailing = sub.pendingSpace
        let leading = sub.leadingSpace
        sub.flush()
        guard sub.blocks.count <= 1 else { return (nil, leading, trailing) }
        return (sub.blocks.first ?? "", leading, trailing)
    }

    private mutating func wrap(_ children: [HTMLNode], open: String, close: String) {
        let content = inline(children)
        guard let text = content.text else { return render(children) }
        if content.leading { pendingSpace = true }
        if !text.isEmpty { raw(open + text + close) }
        if content.trailing { pendingSpace = true }
    }

    private mutating func render(_ node: HTMLNode) {
        switch node {
        case .text(let value):
            text(value)
        case .element(let name, let attributes, let children):
            element(name, attributes: attributes, children: children)
        }
    }

    private mutating func element(_ name: String, attributes: [String: String], children: [HTMLNode]) {
        switch name {
        case "br":
            if !line.isEmpty && !line.hasSuffix("\n") { line.append("\\\n") }
            pendingSpace = false
        case "strong", "b": wrap(children, open: "**", close: "**")
        case "em", "i": wrap(children, open: "*", close: "*")
        case "code", "kbd", "samp", "tt": code(children)
        case "a": link(children, href: attributes["href"] ?? "")
        case "h1", "h2", "h3", "h4", "h5", "h6": heading(children, level: Int(name.dropFirst()) ?? 1)
        case "pre": preformatted(children)
        case "blockquote": blockquote(children)
        case "ul", "ol": list(children, ordered: name == "ol", start: Int(attributes["start"] ?? "") ?? 1)
        case "hr":
            flush()
            blocks.append("---")
        case "script", "style", "img", "head", "title": break
        case "p", "div", "section", "article", "header", "footer", "table", "tr", "dl", "dt", "dd", "figure", "li", "address", "main",
            "nav", "aside", "center", "details", "summary", "caption", "fieldset", "form":
            flush()
            render(children)
            flush()
        case "td", "th":
            render(children)
            pendingSpace = true
        default: render(children)
        }
    }
}
