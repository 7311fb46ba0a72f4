import Foundation

/// Converts the HTML that Moodle stores into the Markdown the app renders (raw HTML is stripped there, so it has to go).
///
/// Handles p, br, strong/b, em/i, code, pre, ul/ol/li, a href, h1–h6, blockquote and hr; other elements keep only their
/// text (block elements such as div and table still separate paragraphs); script, style and images are dropped, and so
/// are links into Moodle's files (`@@PLUGINFILE@@`), which are not imported. Text is escaped so it renders as written.
public enum HTMLToMarkdown {
    /// The Markdown for an HTML fragment.
    public static func convert(_ html: String) -> String {
        var renderer = MarkdownRenderer()
        renderer.render(HTMLTreeBuilder.parse(html))
        return renderer.finish()
    }

    /// Plain text (Moodle's `plain_text`) as Markdown that shows the same words: Markdown characters are escaped, line
    /// breaks are kept as hard breaks and blank lines as paragraphs.
    public static func plainText(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var paragraphs: [String] = []
        var lines: [String] = []
        for raw in normalised.components(separatedBy: "\n") + [""] {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\\\n")) }
                lines.removeAll()
            } else {
                var writer = MarkdownRenderer()
                writer.text(line, collapse: false)
                lines.append(writer.finish())
            }
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// Whether a `moodle_auto_format` text contains HTML tags (then it is converted as HTML, otherwise as plain text).
    public static func looksLikeHTML(_ text: String) -> Bool {
        text.range(of: "<(/?[A-Za-z][A-Za-z0-9]*)(\\s[^>]*)?/?>", options: .regularExpression) != nil
    }
}

/// A node of a leniently parsed HTML fragment.
indirect enum HTMLNode: Equatable {
    case text(String)
    case element(name: String, attributes: [String: String], children: [HTMLNode])
}

/// Builds a tree from HTML the way browsers forgive it: void elements, unclosed p and li, stray end tags.
enum HTMLTreeBuilder {
    static let voidElements: Set<String> = [
        "br", "img", "hr", "input", "meta", "link", "wbr", "area", "base", "col", "embed", "source", "track", "param",
    ]
    static let closesParagraph: Set<String> = [
        "p", "div", "ul", "ol", "li", "pre", "blockquote", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "section", "dl",
    ]

    private struct Frame {
        var name: String
        var attributes: [String: String]
        var children: [HTMLNode] = []
    }

    /// The nodes of a fragment.
    static func parse(_ html: String) -> [HTMLNode] {
        var stack = [Frame(name: "", attributes: [:])]
        func close() {
            guard stack.count > 1, let frame = stack.popLast() else { return }
            stack[stack.count - 1].children.append(.element(name: frame.name, attributes: frame.attributes, children: frame.children))
        }
        for token in HTMLTokenizer.tokens(html) {
            switch token {
            case .text(let text):
                stack[stack.count - 1].children.append(.text(text))
            case .start(let name, let attributes, let selfClosing):
                if closesParagraph.contains(name) && stack.last?.name == "p" { close() }
                if name == "li", let open = stack.lastIndex(where: { ["li", "ul", "ol"].contains($0.name) }), stack[open].name == "li" {
                    while stack.count > open { close() }
                }
                stack.append(Frame(name: name, attributes: attributes))
                if selfClosing || voidElements.contains(name) { close() }
            case .end(let name):
                guard let open = stack.lastIndex(where: { $0.name == name }), open > 0 else { continue }
                while stack.count > open { close() }
            }
        }
        while stack.count > 1 { close() }
        return stack[0].children
    }
}
