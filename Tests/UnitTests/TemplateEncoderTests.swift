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
        guard case .node(let node) = try TemplateEncoder.value(Grid()), case .list(let rows) = node.field("rows") else {
            Issue.record("Grid did not encode as a node with a list of rows")
            return
        }
        let texts = rows.map { row -> [String]? in
            guard case .list(let cells) = row else { return nil }
            return cells.compactMap { if case .text(let text) = $0 { text } else { nil } }
        }
        #expect(texts == [["a", "b"], ["c"]])
    }

    struct Twins: Encodable {
        let deactivateAction: String
        let deactivateActioN: String
        let short: Int
    }

    @Test("Names that share a fingerprint (length and first seven bytes) are still told apart, and a miss is nil")
    func fingerprintTwins() throws {
        #expect(TemplateNode.fingerprint("deactivateAction") == TemplateNode.fingerprint("deactivateActioN"))
        guard case .node(let node) = try TemplateEncoder.value(Twins(deactivateAction: "a", deactivateActioN: "b", short: 3)) else {
            Issue.record("Twins did not encode as a node")
            return
        }
        guard case .text("a") = node.field("deactivateAction"), case .text("b") = node.field("deactivateActioN"),
            case .number(3) = node.field("short")
        else {
            Issue.record("a field was not found by its own name")
            return
        }
        #expect(node.field("deactivateActionX") == nil && node.field("shorT") == nil)
    }
}
