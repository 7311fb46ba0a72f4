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
    ///
    /// It works on Unicode scalars, not characters, until the length check: a list page summarises fifty prompts, and
    /// doing it character by character (with a string search per character for the marks it drops) was a third of the
    /// question list's CPU.
    public static func summary(_ text: String, limit: Int = 120) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        // UTF-8 bytes, not a scalar view: appending to a scalar view makes a string of each scalar first.
        var plain: [UInt8] = []
        var kept = 0  // bytes up to the last scalar that is not blank: the trailing blanks are cut there
        while start < scalars.endIndex {
            let end = scalars[start...].firstIndex(where: isNewline) ?? scalars.endIndex
            let line = scalars[start..<end]
            if line.contains(where: { !$0.properties.isWhitespace }) {
                for scalar in line where !isMark(scalar) {
                    let blank = isBlank(scalar)
                    if plain.isEmpty && blank { continue }
                    if scalar.isASCII {
                        plain.append(UInt8(truncatingIfNeeded: scalar.value))
                    } else {
                        UTF8.encode(scalar) { plain.append($0) }
                    }
                    if !blank { kept = plain.count }
                }
                break
            }
            start = end < scalars.endIndex ? scalars.index(after: end) : end
        }
        let summary = String(decoding: plain[..<kept], as: UTF8.self)
        // Characters from here on, as a reader counts them; at most `limit` + 1 are walked.
        guard let beyond = summary.index(summary.startIndex, offsetBy: limit, limitedBy: summary.endIndex),
            beyond < summary.endIndex
        else { return summary }
        return String(summary[..<summary.index(before: beyond)]) + "…"
    }

    /// What `Character.isNewline` counts as a line break.
    private static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// The Markdown marks a summary leaves out.
    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "#", "*", "_", "`", ">", "[", "]": true
        default: false
        }
    }

    /// What `CharacterSet.whitespaces` trims: spaces (general category Zs) and the tab.
    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }
}
