/// Renders parsed templates (``TemplateParser``) into one UTF-8 buffer.
///
/// View models arrive as ``TemplateValue``s (``TemplateEncoder``), so a tag is found by comparing names in each node on
/// the context stack, a value's kind by a switch, and text is escaped straight into the output. The stack is one array
/// that sections push onto and pop from, so a row costs no copy of it.
/// The semantics are swift-mustache's, which rendered these templates before: a name is looked up from the innermost
/// object outwards; a section repeats for each element of an array, shows once for `true` or any other present value
/// (pushing it), and not for `false`, an absent value or an empty array; an inverted section is the opposite; a
/// partial inherits the indentation of a standalone tag and the block overrides of its callers, the outermost winning.
struct TemplateRenderer {
    let templates: [String: [TemplateToken]]

    /// Where rendering stands: the context stack, innermost last, and what the partial or block being rendered
    /// inherited from its callers.
    struct Scope {
        var stack: [TemplateValue]
        var indentation: String?
        var overrides: [String: [TemplateToken]]?
    }

    func render(_ name: String, _ model: TemplateValue) -> [UInt8]? {
        guard let tokens = templates[name] else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(32 * 1024)
        var scope = Scope(stack: [model], indentation: nil, overrides: nil)
        scope.stack.reserveCapacity(8)
        render(tokens, &scope, into: &output)
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

    private func render(_ tokens: [TemplateToken], _ scope: inout Scope, into output: inout [UInt8]) {
        guard let indentation = scope.indentation, !indentation.isEmpty else {
            for token in tokens { render(token, &scope, into: &output) }
            return
        }
        // A partial or block placed by an indented standalone tag: each line it writes after its first is indented.
        let start = output.count
        for token in tokens {
            let before = output.count
            render(token, &scope, into: &output)
            if output.count > before, before > start, output[before - 1] == UInt8(ascii: "\n") {
                output.insert(contentsOf: indentation.utf8, at: before)
            }
        }
    }

    private func render(_ token: TemplateToken, _ scope: inout Scope, into output: inout [UInt8]) {
        switch token {
        case .text(let text):
            output.append(contentsOf: text.utf8)
        case .variable(let name, let escaped):
            switch lookup(name, in: scope.stack) {
            case .text(let text): escaped ? HTMLEscaping.append(text, to: &output) : output.append(contentsOf: text.utf8)
            case .number(let number): output.append(contentsOf: String(number).utf8)
            case .flag(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
            case .list, .node, .none: break
            }
        case .section(let name, let body, let inverted):
            let value = lookup(name, in: scope.stack)
            inverted ? renderInverted(value, body, &scope, into: &output) : renderSection(value, body, &scope, into: &output)
        case .partial(let name, let indentation, let overrides):
            guard let tokens = templates[name] else { return }
            let saved = (scope.indentation, scope.overrides)
            defer { (scope.indentation, scope.overrides) = saved }
            if let indentation { scope.indentation = (saved.0 ?? "") + indentation }
            if let overrides {
                scope.overrides = saved.1.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(tokens, &scope, into: &output)
        case .block(let name, let defaultBody, let indentation):
            let saved = scope.indentation
            defer { scope.indentation = saved }
            scope.indentation = (saved ?? "") + indentation
            render(scope.overrides?[name] ?? defaultBody, &scope, into: &output)
        case .definition:
            break  // the parser folds these into their parent's overrides
        }
    }

    private func renderSection(_ value: TemplateValue?, _ body: [TemplateToken], _ scope: inout Scope, into output: inout [UInt8]) {
        switch value {
        case .list(let list):
            for element in list { render(body, pushing: element, &scope, into: &output) }
        case .flag(let flag):
            if flag { render(body, &scope, into: &output) }
        case .some(let value):
            render(body, pushing: value, &scope, into: &output)
        case .none:
            break
        }
    }

    private func renderInverted(_ value: TemplateValue?, _ body: [TemplateToken], _ scope: inout Scope, into output: inout [UInt8]) {
        switch value {
        case .list(let list):
            if list.isEmpty { render(body, pushing: .list(list), &scope, into: &output) }
        case .flag(let flag):
            if !flag { render(body, &scope, into: &output) }
        case .some:
            break
        case .none:
            render(body, &scope, into: &output)
        }
    }

    private func render(_ body: [TemplateToken], pushing value: TemplateValue, _ scope: inout Scope, into output: inout [UInt8]) {
        scope.stack.append(value)
        render(body, &scope, into: &output)
        scope.stack.removeLast()
    }

    /// The value `name` names: its first part from the innermost object that has it, the rest within that value.
    private func lookup(_ name: TemplateName, in stack: [TemplateValue]) -> TemplateValue? {
        var value: TemplateValue?
        if name.path.isEmpty {
            value = stack.last
        } else if name.local {
            value = stack.last.flatMap { Self.child(name, 0, of: $0) }
        } else {
            for element in stack.reversed() {
                value = Self.child(name, 0, of: element)
                if value != nil { break }
            }
        }
        for part in name.path.indices.dropFirst() {
            guard let found = value else { return nil }
            value = Self.child(name, part, of: found)
        }
        for transform in name.transforms.reversed() {
            guard let found = value else { return nil }
            value = Self.apply(transform, to: found)
        }
        return value
    }

    /// Part `part` of `name` within `value`.
    private static func child(_ name: TemplateName, _ part: Int, of value: TemplateValue) -> TemplateValue? {
        guard case .node(let node) = value else { return nil }
        return node.field(name.path[part], fingerprint: name.fingerprints[part])
    }

    /// The transforms the parser accepts; nil for a value they do not apply to.
    private static func apply(_ transform: String, to value: TemplateValue) -> TemplateValue? {
        switch (transform, value) {
        case ("empty", .list(let list)): .flag(list.isEmpty)
        case ("empty", .text(let text)): .flag(text.isEmpty)
        case ("count", .list(let list)): .number(list.count)
        case ("count", .text(let text)): .number(text.count)
        default: nil
        }
    }
}
