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
    /// A list page summarises fifty prompts, so this makes one pass over Unicode scalars and stops as soon as the cut is
    /// known: a prompt of one long paragraph costs what its first `limit` characters cost. (Going character by
    /// character was a third of the question list's CPU; walking the whole first line and asking Unicode's tables
    /// whether each scalar is a space, a fifth.)
    public static func summary(_ text: String, limit: Int = 120) -> String {
        // UTF-8 bytes, not a scalar view: appending to a scalar view makes a string of each scalar first.
        var plain: [UInt8] = []
        var kept = 0  // bytes up to the last scalar that is not blank: the trailing blanks are cut there
        var content = false  // the line has a scalar that is not blank (a mark counts)
        var appended = 0
        var nextCount = limit + 2
        var ascii = true  // then each byte is a character: a line break, the one pair that is one, ends the line
        for scalar in text.unicodeScalars {
            if isNewline(scalar) {
                if content { break }
                continue  // a blank line left `plain` empty: leading blanks are skipped
            }
            let blank = isBlank(scalar)
            if !blank { content = true }
            if isMark(scalar) || (plain.isEmpty && blank) { continue }
            if scalar.isASCII {
                plain.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                ascii = false
                UTF8.encode(scalar) { plain.append($0) }
            }
            if !blank { kept = plain.count }
            appended += 1
            // A character is one or more scalars. With `limit` + 2 characters kept, the summary is cut and its first
            // `limit` - 1 characters are final: later scalars can only extend the last one.
            if appended == nextCount {
                if (ascii ? kept : String(decoding: plain[..<kept], as: UTF8.self).count) >= limit + 2 { break }
                nextCount *= 2
            }
        }
        if ascii {
            guard kept > limit else { return String(decoding: plain[..<kept], as: UTF8.self) }
            return String(decoding: plain[..<max(limit - 1, 0)], as: UTF8.self) + "…"
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

    /// What `CharacterSet.whitespaces` trims: the tab and the space separators (general category Zs), listed rather
    /// than looked up in Unicode's tables for each scalar. `MarkdownSummaryTests` compares the list with the tables.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
