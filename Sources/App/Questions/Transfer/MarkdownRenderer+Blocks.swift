import Foundation

extension MarkdownRenderer {
    /// The text of a subtree as written, `<br>` as a line break.
    static func plain(_ nodes: [HTMLNode]) -> String {
        nodes.map { node -> String in
            switch node {
            case .text(let value): value
            case .element("br", _, _): "\n"
            case .element(_, _, let children): plain(children)
            }
        }.joined()
    }

    /// The shortest run of backticks that does not occur in `text`, at least `minimum` long.
    static func fence(for text: String, minimum: Int) -> String {
        var longest = 0
        var run = 0
        for char in text {
            run = char == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(minimum, longest + 1))
    }

    mutating func code(_ children: [HTMLNode]) {
        let text = Self.plain(children).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard !text.isEmpty else { return }
        let ticks = Self.fence(for: text, minimum: 1)
        let padded = text.hasPrefix("`") || text.hasSuffix("`") ? " \(text) " : text
        raw(ticks + padded + ticks)
    }

    mutating func link(_ children: [HTMLNode], href: String) {
        let target = href.trimmingCharacters(in: .whitespaces)
        let lower = target.lowercased()
        let usable = !target.isEmpty && !lower.hasPrefix("javascript:") && !lower.hasPrefix("data:") && !target.contains("@@PLUGINFILE@@")
        let content = inline(children)
        guard usable, let text = content.text else { return render(children) }
        if content.leading { pendingSpace = true }
        let destination =
            target.contains(where: { $0 == " " || $0 == "(" || $0 == ")" }) ? "<\(target.replacingOccurrences(of: ">", with: "%3E"))>" : target
        raw("[\(text.isEmpty ? target : text)](\(destination))")
        if content.trailing { pendingSpace = true }
    }

    mutating func heading(_ children: [HTMLNode], level: Int) {
        flush()
        var sub = MarkdownRenderer()
        sub.render(children)
        let text = sub.finish().replacingOccurrences(of: "\\\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        if !text.isEmpty { blocks.append(String(repeating: "#", count: min(max(level, 1), 6)) + " " + text) }
    }

    mutating func preformatted(_ children: [HTMLNode]) {
        flush()
        var text = Self.plain(children).replacingOccurrences(of: "\r\n", with: "\n")
        if text.hasPrefix("\n") { text.removeFirst() }
        while text.hasSuffix("\n") || text.hasSuffix(" ") { text.removeLast() }
        guard !text.isEmpty else { return }
        let fence = Self.fence(for: text, minimum: 3)
        blocks.append(fence + "\n" + text + "\n" + fence)
    }

    mutating func blockquote(_ children: [HTMLNode]) {
        flush()
        var sub = MarkdownRenderer()
        sub.render(children)
        let text = sub.finish()
        guard !text.isEmpty else { return }
        blocks.append(text.components(separatedBy: "\n").map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n"))
    }

    mutating func list(_ children: [HTMLNode], ordered: Bool, start: Int) {
        flush()
        var items: [String] = []
        var number = start
        for child in children {
            var sub = MarkdownRenderer()
            switch child {
            case .element("li", _, let content): sub.render(content)
            case .text(let value) where value.allSatisfy(\.isWhitespace): continue
            default: sub.render([child])
            }
            let body = sub.blocks.isEmpty && sub.line.isEmpty ? "" : sub.finishTight()
            guard !body.isEmpty else { continue }
            let marker = ordered ? "\(number). " : "- "
            number += 1
            let indent = String(repeating: " ", count: marker.count)
            let lines = body.components(separatedBy: "\n")
            items.append(([marker + lines[0]] + lines.dropFirst().map { $0.isEmpty ? "" : indent + $0 }).joined(separator: "\n"))
        }
        if !items.isEmpty { blocks.append(items.joined(separator: "\n")) }
    }

    /// Like `finish`, but a paragraph followed by a nested list stays tight (one line break, not a blank line).
    mutating func finishTight() -> String {
        flush()
        return blocks.joined(separator: "\n")
    }
}
