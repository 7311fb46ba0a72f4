import Foundation
import Testing

@testable import App

@Suite("Markdown summary")
struct MarkdownSummaryTests {
    /// The first version, character by character: the summary must stay what it was for every kind of input.
    static func reference(_ text: String, limit: Int = 120) -> String {
        let firstLine = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        let plain = firstLine.filter { !"#*_`>[]".contains($0) }.trimmingCharacters(in: .whitespaces)
        return plain.count > limit ? String(plain.prefix(limit - 1)) + "…" : plain
    }

    static let inputs = [
        "", "   ", "\n\n", "Plain", "# Title\nBody", "  \n\t\n  ## *Design* a `cache` [link](x)  \nmore",
        "\r\n\r\nWindows line\r\nnext", "\u{2028}after a line separator", "\u{00A0}\u{2003}spaced\u{3000}\t",
        "> quoted _emphasis_ **strong**", "a # ", "# \u{3000}", "####", "#\nsecond", String(repeating: "a", count: 119),
        String(repeating: "a", count: 120), String(repeating: "a", count: 121), String(repeating: "é", count: 130),
        String(repeating: "👩‍💻", count: 125), "e\u{301}" + String(repeating: "x", count: 125), "\u{85}next line",
        "Tell me about a time you disagreed with your manager about priorities, and what you did about it, and how it ended.",
        // Long first lines, where the summary stops early: the cut must fall where the whole line would put it.
        String(repeating: "word ", count: 2_000) + "\nnext", String(repeating: "a", count: 121) + String(repeating: " ", count: 50),
        String(repeating: "a", count: 119) + String(repeating: "\u{3000}", count: 200) + "b",
        String(repeating: "#", count: 500) + String(repeating: "x", count: 130), String(repeating: "e\u{301}\u{302}", count: 300),
        String(repeating: "a\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}", count: 60), String(repeating: "🇫🇷", count: 200),
        String(repeating: "*_", count: 100) + "short", String(repeating: "a", count: 120) + "  b",
        String(repeating: "a", count: 10) + "  b", "x" + String(repeating: "\u{301}", count: 1_000) + String(repeating: "y", count: 200),
    ]

    @Test("The spaces a summary trims are the tab and Unicode's space separators, every one of them")
    func blanksAreTheSpaceSeparators() {
        let scalars = (0...0x10FFFF).compactMap(Unicode.Scalar.init(_:))
        let mismatched = scalars.filter {
            Markdown.isBlank($0) != ($0 == "\t" || $0.properties.generalCategory == .spaceSeparator)
        }
        #expect(mismatched.isEmpty, "\(mismatched.map { String($0.value, radix: 16) })")
    }

    @Test("Same summary as the character-by-character version", arguments: inputs)
    func sameAsReference(text: String) {
        #expect(Markdown.summary(text) == Self.reference(text))
        #expect(Markdown.summary(text, limit: 10) == Self.reference(text, limit: 10))
    }
}
