/// Renders parsed templates (``TemplateParser``) into one UTF-8 buffer.
///
/// View models arrive as ``TemplateNode``s, arrays and plain values (``TemplateEncoder``), so a tag is found with one
/// dictionary lookup per object on the context stack and a type check, and text is escaped straight into the output.
/// The semantics are swift-mustache's, which rendered these templates before: a name is looked up from the innermost
/// object outwards; a section repeats for each element of an array, shows once for `true` or any other present value
/// (pushing it), and not for `false`, an absent value or an empty array; an inverted section is the opposite; a
/// partial inherits the indentation of a standalone tag and the block overrides of its callers, the outermost winning.
struct TemplateRenderer {
    let templates: [String: [TemplateToken]]

    struct Scope {
        var stack: [Any]
        var indentation: String?
        var overrides: [String: [TemplateToken]]?
    }

    func render(_ name: String, _ model: Any) -> [UInt8]? {
        guard let tokens = templates[name] else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(32 * 1024)
        render(tokens, Scope(stack: [model], indentation: nil, overrides: nil), into: &output)
        return output
    }

    /// Partials a template includes that are not loaded, so start-up can refuse them instead of rendering nothing.
    func missingPartials() -> [(template: String, partial: String)] {
        func partials(in tokens: [TemplateToken]) -> [String] {
            tokens.flatMap { token -> [String] in
                switch token {
                case .text, .variable: []
                case .section(_, let body, _), .definition(_, let body): partials(in: body)
                case .block(_, let body, _): partials(in: body)
                case .partial(let name, _, let overrides): [name] + (overrides ?? [:]).values.flatMap(partials(in:))
                }
            }
        }
        return templates.sorted { $0.key < $1.key }.flatMap { name, tokens in
            partials(in: tokens).filter { templates[$0] == nil }.map { (name, $0) }
        }
    }

    private func render(_ tokens: [TemplateToken], _ scope: Scope, into output: inout [UInt8]) {
        guard let indentation = scope.indentation, !indentation.isEmpty else {
            for token in tokens { render(token, scope, into: &output) }
            return
        }
        // A partial or block placed by an indented standalone tag: each line it writes after its first is indented.
        let start = output.count
        for token in tokens {
            let before = output.count
            render(token, scope, into: &output)
            if output.count > before, before > start, output[before - 1] == UInt8(ascii: "\n") {
                output.insert(contentsOf: indentation.utf8, at: before)
            }
        }
    }

    private func render(_ token: TemplateToken, _ scope: Scope, into output: inout [UInt8]) {
        switch token {
        case .text(let text):
            output.append(contentsOf: text.utf8)
        case .variable(let name, let escaped):
            guard let value = lookup(name, in: scope.stack) else { return }
            let text = Self.text(of: value)
            if escaped { HTMLEscaping.append(text, to: &output) } else { output.append(contentsOf: text.utf8) }
        case .section(let name, let body, let inverted):
            let value = lookup(name, in: scope.stack)
            inverted ? renderInverted(value, body, scope, into: &output) : renderSection(value, body, scope, into: &output)
        case .partial(let name, let indentation, let overrides):
            guard let tokens = templates[name] else { return }
            var inner = scope
            if let indentation { inner.indentation = (scope.indentation ?? "") + indentation }
            if let overrides {
                inner.overrides = scope.overrides.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(tokens, inner, into: &output)
        case .block(let name, let defaultBody, let indentation):
            var inner = scope
            inner.indentation = (scope.indentation ?? "") + indentation
            render(scope.overrides?[name] ?? defaultBody, inner, into: &output)
        case .definition:
            break  // the parser folds these into their parent's overrides
        }
    }

    private func renderSection(_ value: Any?, _ body: [TemplateToken], _ scope: Scope, into output: inout [UInt8]) {
        switch value {
        case let list as [Any]:
            for element in list { render(body, pushing(element, on: scope), into: &output) }
        case let flag as Bool:
            if flag { render(body, scope, into: &output) }
        case .some(let value):
            render(body, pushing(value, on: scope), into: &output)
        case .none:
            break
        }
    }

    private func renderInverted(_ value: Any?, _ body: [TemplateToken], _ scope: Scope, into output: inout [UInt8]) {
        switch value {
        case let list as [Any]:
            if list.isEmpty { render(body, pushing(list, on: scope), into: &output) }
        case let flag as Bool:
            if !flag { render(body, scope, into: &output) }
        case .some:
            break
        case .none:
            render(body, scope, into: &output)
        }
    }

    private func pushing(_ value: Any, on scope: Scope) -> Scope {
        var inner = scope
        inner.stack.append(value)
        return inner
    }

    /// The value `name` names: its first part from the innermost object that has it, the rest within that value.
    private func lookup(_ name: TemplateName, in stack: [Any]) -> Any? {
        var value: Any?
        if name.path.isEmpty {
            value = stack.last
        } else if name.local {
            value = stack.last.flatMap { Self.child(name.path[0], of: $0) }
        } else {
            value = stack.reversed().lazy.compactMap { Self.child(name.path[0], of: $0) }.first
        }
        for part in name.path.dropFirst() {
            guard let found = value else { return nil }
            value = Self.child(part, of: found)
        }
        for transform in name.transforms.reversed() {
            guard let found = value else { return nil }
            value = Self.apply(transform, to: found)
        }
        return value
    }

    private static func child(_ name: String, of object: Any) -> Any? {
        (object as? TemplateNode)?.fields[name]
    }

    /// The transforms the parser accepts; nil for a value they do not apply to.
    private static func apply(_ transform: String, to value: Any) -> Any? {
        switch (transform, value) {
        case ("empty", let list as [Any]): list.isEmpty
        case ("empty", let text as String): text.isEmpty
        case ("count", let list as [Any]): list.count
        case ("count", let text as String): text.count
        default: nil
        }
    }

    private static func text(of value: Any) -> String {
        switch value {
        case let text as String: text
        case let number as Int: String(number)
        case let flag as Bool: flag ? "true" : "false"
        default: String(describing: value)
        }
    }
}
