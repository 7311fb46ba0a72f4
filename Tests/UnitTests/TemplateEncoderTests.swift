import Testing

@testable import App

@Suite("Template encoder")
struct TemplateEncoderTests {
    /// A hand-written conformance that nests arrays through the container API, which the compiler's never does.
    struct Grid: Encodable {
        enum Keys: String, CodingKey { case rows }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var rows = container.nestedUnkeyedContainer(forKey: .rows)
            var first = rows.nestedUnkeyedContainer()
            try first.encode("a")
            try first.encode("b")
            var second = rows.nestedUnkeyedContainer()
            try second.encode("c")
        }
    }

    @Test("Arrays nested by a hand-written conformance arrive whole, in order")
    func nestedArrays() throws {
        let node = try #require(try TemplateEncoder.value(Grid()) as? TemplateNode)
        let rows = try #require(node.fields["rows"] as? [Any])
        #expect(rows.map { ($0 as? [Any])?.compactMap { $0 as? String } } == [["a", "b"], ["c"]])
    }
}
