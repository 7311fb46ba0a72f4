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
        #expect(HTMLEscaping.escape(sample) == library)
    }

    /// swift-mustache compares whole Characters, and a quote followed by a combining mark is one Character that is not
    /// a quote: it passes unescaped and ends an attribute value early. The byte-wise escaper escapes the quote itself.
    @Test("A quote or angle bracket followed by a combining mark is still escaped (the library's own escaping lets it through)")
    func combiningMarks() throws {
        let attack = "x\"\u{301} autofocus onfocus=alert(1) y=\"\u{301}"
        #expect(try MustacheTemplate(string: "{{value}}").render(["value": attack]).contains("\"\u{301}"), "the library's gap")
        let escaped = HTMLEscaping.escape(attack)
        #expect(!escaped.unicodeScalars.contains("\""))
        #expect(HTMLEscaping.escape("<\u{301}script>") == "&lt;\u{301}script&gt;")
    }

    @Test("Exactly the five bytes are special, whatever the byte")
    func everyByte() {
        let special = Array("<>&\"'".utf8)
        #expect((UInt8.min...UInt8.max).filter(HTMLEscaping.isSpecial) == special.sorted())
    }
}
