import Foundation
import Mustache
import Testing

@testable import App

@Suite("HTML escaping")
struct HTMLEscapingTests {
    static let samples = [
        "", "plain words", "<script>alert('x')</script>", "a & b \"quoted\" 'single'", "é<𝒳>&", "e\u{301}<",
        "O'Brien & Søn <sales@acme.test>", "🙂<🙂>", "\u{0}<\u{7F}>",
    ]

    @Test("The byte-wise escaper writes exactly what swift-mustache's own HTML escaping writes", arguments: samples)
    func sameAsLibrary(sample: String) throws {
        let library = try MustacheTemplate(string: "{{value}}").render(["value": sample])
        #expect(HTMLEscaping().escapeText(sample) == library)
    }

    /// swift-mustache compares whole Characters, and a quote followed by a combining mark is one Character that is not
    /// a quote: it passes unescaped and ends an attribute value early. The byte-wise escaper escapes the quote itself.
    @Test("A quote or angle bracket followed by a combining mark is still escaped (the library's own escaping lets it through)")
    func combiningMarks() throws {
        let attack = "x\"\u{301} autofocus onfocus=alert(1) y=\"\u{301}"
        #expect(try MustacheTemplate(string: "{{value}}").render(["value": attack]).contains("\"\u{301}"), "the library's gap")
        let escaped = HTMLEscaping().escapeText(attack)
        #expect(!escaped.unicodeScalars.contains("\""))
        #expect(HTMLEscaping().escapeText("<\u{301}script>") == "&lt;\u{301}script&gt;")
    }

    @Test("Every template rendered on its own starts with the escaping pragma, so the fast escaper is the one used")
    func pragmaEverywhere() throws {
        let root = GoldenPageTests.root.appendingPathComponent("Templates")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
        let standalone = try files.filter { $0.hasSuffix(".mustache") }.filter {
            !(try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)).hasPrefix("{{<layout}}")
        }
        #expect(standalone.count >= 10)
        for file in standalone {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasPrefix("{{% CONTENT_TYPE: HTML}}"), "\(file) renders with swift-mustache's slower escaping")
        }
    }
}
