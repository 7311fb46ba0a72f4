import Foundation
import Mustache
import Testing

@testable import App

/// How swift-mustache reads a node, for the comparison below.
extension TemplateNode: MustacheParent {
    public func child(named name: String) -> Any? { field(name)?.plain }
}

extension TemplateValue {
    /// The value as swift-mustache takes it: plain strings, numbers, flags, arrays, and nodes it reads by name.
    var plain: Any {
        switch self {
        case .text(let text): text
        case .flag(let flag): flag
        case .number(let number): number
        case .list(let list): list.map(\.plain)
        case .node(let node): node
        }
    }
}

/// The renderer against swift-mustache, which rendered the pages before it, on the constructs the templates use; the
/// golden page tests then hold every real page to the bytes swift-mustache wrote.
@Suite("Template renderer")
struct TemplateRendererTests {
    struct Row: Encodable {
        let name: String
        let note: String?
        let flagged: Bool
        let tags: [String]
    }

    struct Model: Encodable {
        let title: String
        let rows: [Row]
        let empty: [String]
        let count: Int
        let problems: [String: String]
    }

    static let model = Model(
        title: "Q&A <list>",
        rows: [
            Row(name: "O'Brien", note: nil, flagged: true, tags: ["a", "b"]),
            Row(name: "Søn", note: "x\"y", flagged: false, tags: []),
        ],
        empty: [],
        count: 0,
        problems: ["bank": "Choose a bank."]
    )

    static let partials = [
        "row": "{{% CONTENT_TYPE: HTML}}<li>{{name}}</li>\n  <p>{{title}}</p>\n",
        "frame": "{{% CONTENT_TYPE: HTML}}<main>\n  {{$body}}default{{/body}}\n  {{$foot}}foot{{/foot}}\n</main>\n",
    ]

    static let cases = [
        "{{title}} {{{title}}} {{&title}} {{! a comment }}{{count}}",
        "<ul>\n{{#rows}}\n  <li>{{name}}{{#note}} ({{note}}){{/note}}{{^note}} (none){{/note}}</li>\n{{/rows}}\n</ul>\n",
        "{{#rows}}{{#flagged}}!{{/flagged}}{{^flagged}}-{{/flagged}}{{#tags}}[{{.}}]{{/tags}}{{^tags}}no tags{{/tags}}\n{{/rows}}",
        "{{^empty}}never{{/empty}}{{#empty}}never{{/empty}}{{^empty(empty)}}never{{/empty(empty)}}{{#empty(empty)}}none{{/empty(empty)}}",
        "{{#count}}zero is shown{{/count}}{{^missing}}missing is false{{/missing}}{{missing.deeper}}",
        "{{#problems.bank}}<p>{{problems.bank}}</p>{{/problems.bank}}{{#problems.other}}never{{/problems.other}}",
        "<div>\n  {{#rows}}\n    {{> row}}\n  {{/rows}}\n</div>\n",
        "{{<frame}}\n{{$body}}\n    <h1>{{title}}</h1>\n      <p>indented</p>\n{{/body}}\n{{/frame}}\n",
        "  {{<frame}}{{$foot}}F{{/foot}}{{/frame}}\n",
    ]

    @Test("Each construct renders as swift-mustache renders it", arguments: cases)
    func sameAsLibrary(template: String) throws {
        var library = MustacheLibrary()
        var tokens: [String: [TemplateToken]] = [:]
        for (name, text) in Self.partials.merging(["page": template], uniquingKeysWith: { $1 }) {
            try library.register(text, named: name)
            tokens[name] = try TemplateParser.parse(text)
        }
        let encoded = try TemplateEncoder.value(Self.model)
        let ours = try #require(TemplateRenderer(templates: tokens).render("page", encoded))
        #expect(String(decoding: ours, as: UTF8.self) == library.render(encoded.plain, withTemplate: "page"))
    }

    @Test(
        "A template the renderer cannot honour is refused when it is parsed, with where",
        arguments: [
            ("{{#open}}never closed", "a section that is never closed"),
            ("{{#a}}{{/b}}", "a closing tag that does not match its section"),
            ("{{sorted(list)}}", "an unknown transform sorted"),
            ("{{> *dynamic}}", "dynamic partial names are not supported"),
            ("{{% CONTENT_TYPE: TEXT}}", "only {{% CONTENT_TYPE: HTML}} is supported"),
            ("{{<frame}}text {{name}}{{/frame}}", "only blocks may stand inside {{<frame}}"),
        ]
    )
    func refused(template: String, message: String) {
        let error = #expect(throws: TemplateParseError.self) { try TemplateParser.parse(template) }
        #expect(error?.message == message)
    }

    @Test("Start-up refuses a template that includes a partial that does not exist, naming both")
    func missingPartial() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("people"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{{> partials/gone}}".write(to: folder.appendingPathComponent("people/list.mustache"), atomically: true, encoding: .utf8)
        let error = await #expect(throws: ConfigurationError.self) { try await Views(directory: folder.path) }
        #expect(error?.description == "Templates/people/list.mustache includes partials/gone, which does not exist")
    }
}
