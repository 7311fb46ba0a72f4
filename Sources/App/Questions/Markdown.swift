import CCmark
import Foundation

/// Question text in Markdown, rendered by libcmark in safe mode: raw HTML is dropped and `javascript:`, `vbscript:`,
/// `file:` and most `data:` links lose their target, so nothing an editor types can run in a reader's browser.
public enum Markdown {
    /// The HTML of `text`; safe to place in a page unescaped.
    public static func html(_ text: String) -> String {
        // CMARK_OPT_SAFE is cmark's default since 0.29; it is passed anyway so an older library stays safe too.
        let options = CMARK_OPT_SAFE | CMARK_OPT_SMART
        let bytes = Array(text.utf8)
        guard
            let rendered = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_markdown_to_html($0, buffer.count, options) }
                } ?? cmark_markdown_to_html("", 0, options)
            })
        else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// The first line of `text` as plain words, at most `limit` characters: for lists and titles.
    public static func summary(_ text: String, limit: Int = 120) -> String {
        let firstLine = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        let plain = firstLine.filter { !"#*_`>[]".contains($0) }.trimmingCharacters(in: .whitespaces)
        return plain.count > limit ? String(plain.prefix(limit - 1)) + "…" : plain
    }
}
