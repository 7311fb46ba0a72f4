/// One piece of a parsed Mustache template (``TemplateParser``), as ``TemplateRenderer`` walks it.
indirect enum TemplateToken: Sendable {
    case text(String)
    case variable(TemplateName, escaped: Bool)
    case section(TemplateName, body: [TemplateToken], inverted: Bool)
    /// `{{> name}}`, or `{{< name}}…{{/name}}` with the blocks it overrides. `indentation` is the whitespace before a
    /// tag that stands alone on its line: each line the partial writes after its first is indented by it.
    case partial(String, indentation: String?, overrides: [String: [TemplateToken]]?)
    /// `{{$name}}…{{/name}}` where a template defines a block a child may override.
    case block(String, defaultBody: [TemplateToken], indentation: String)
    /// `{{$name}}…{{/name}}` directly inside `{{< parent}}`: an override; only the parser sees these.
    case definition(String, body: [TemplateToken])
}

/// A tag's name: a dotted path (empty for `{{.}}`) and the transforms around it, such as `empty(list)`.
struct TemplateName: Sendable, Equatable {
    let path: [String]
    /// Each part's ``TemplateNode/fingerprint(_:)``, computed once at parse time.
    let fingerprints: [UInt64]
    /// A leading dot: look only in the current object, not up the context stack.
    let local: Bool
    /// Outermost last, as written: `empty(list)` is `["empty"]`.
    let transforms: [String]

    init(path: [String], local: Bool, transforms: [String]) {
        self.path = path
        self.fingerprints = path.map(TemplateNode.fingerprint)
        self.local = local
        self.transforms = transforms
    }
}

/// A template the parser refuses, with where it stopped.
struct TemplateParseError: Error, CustomStringConvertible {
    let message: String
    let offset: Int
    var description: String { "\(message) at character \(offset)" }
}
