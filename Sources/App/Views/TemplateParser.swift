/// Parses the Mustache the templates use: variables, sections, inverted sections, comments, partials, parents with
/// blocks, and the `CONTENT_TYPE` pragma. Whitespace follows swift-mustache's reading of the Mustache specification,
/// so pages render byte for byte as they did when swift-mustache rendered them (the golden page tests hold it to that):
/// a tag alone on its line takes the line with it, and a block's lines lose the indentation of its first line.
struct TemplateParser {
    let characters: [Character]
    var position = 0

    static let transforms: Set<String> = ["empty", "count"]

    static func parse(_ text: String) throws -> [TemplateToken] {
        var parser = TemplateParser(characters: Array(text))
        return try parser.parse(State())
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    struct State {
        var section: TemplateName?
        var newLine = true
        var inDefinition = false
        var definitionTopLevel = false
        var definitionIndent: Substring?

        func entering(_ name: TemplateName, newLine: Bool) -> State {
            var state = self
            state.section = name
            state.definitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func enteringParent(_ name: String) -> State {
            var state = self
            state.section = TemplateName(path: [name], local: false, transforms: [])
            state.newLine = true
            state.inDefinition = true
            state.definitionTopLevel = true
            return state
        }
    }

    var atEnd: Bool { position >= characters.count }
    var current: Character { atEnd ? "\0" : characters[position] }

    mutating func fail(_ message: String) -> TemplateParseError { TemplateParseError(message: message, offset: position) }

    private mutating func parse(_ initial: State) throws -> [TemplateToken] {
        var tokens: [TemplateToken] = []
        var state = initial
        var whitespace: Substring = ""
        while !atEnd {
            if state.newLine {
                let leading = read(while: { $0 == " " || $0 == "\t" })
                if state.inDefinition, !state.definitionTopLevel {
                    if let indent = state.definitionIndent {
                        whitespace = leading.dropFirst(indent.count)
                    } else {
                        state.definitionIndent = leading
                    }
                } else {
                    whitespace = leading
                }
            }
            let text = readUntilTagOrNewline()
            if current.isNewline {
                tokens.append(.text(String(whitespace) + text + String(current)))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                tokens.append(.text(String(whitespace) + text))
                whitespace = ""
                state.newLine = false
            }
            if atEnd { break }
            func flushWhitespace() {
                if !whitespace.isEmpty { tokens.append(.text(String(whitespace))) }
                whitespace = ""
            }
            var standalone = false
            let sigil = current
            switch sigil {
            case "#", "^":
                position += 1
                let name = try readName()
                if standaloneLine(state) { standalone = true } else { flushWhitespace() }
                let body = try parse(state.entering(name, newLine: standalone))
                tokens.append(.section(name, body: body, inverted: sigil == "^"))
            case "/":
                position += 1
                let name = try readName()
                guard name == state.section else { throw fail("a closing tag that does not match its section") }
                if !standaloneLine(state) { flushWhitespace() }
                return tokens
            case "!":
                position += 1
                try skipComment()
                standalone = standaloneLine(state)
            case "{", "&":
                flushWhitespace()
                position += 1
                let name = try readName()
                if sigil == "{" {
                    guard current == "}" else { throw fail("a triple mustache without its third brace") }
                    position += 1
                }
                tokens.append(.variable(name, escaped: false))
            case ">":
                position += 1
                let name = try readPartialName()
                if !whitespace.isEmpty { tokens.append(.text(String(whitespace))) }
                standalone = standaloneLine(state)
                tokens.append(.partial(name, indentation: standalone ? String(whitespace) : nil, overrides: nil))
                whitespace = ""
            case "<":
                position += 1
                let name = try readPartialName()
                if !whitespace.isEmpty { tokens.append(.text(String(whitespace))) }
                standalone = standaloneLine(state)
                var overrides: [String: [TemplateToken]] = [:]
                for token in try parse(state.enteringParent(name)) {
                    switch token {
                    case .definition(let block, let body): overrides[block] = body
                    case .text: break
                    default: throw fail("only blocks may stand inside {{<\(name)}}")
                    }
                }
                tokens.append(.partial(name, indentation: String(whitespace), overrides: overrides))
                whitespace = ""
            case "$":
                position += 1
                let name = try readName()
                guard name.transforms.isEmpty, name.path.count == 1 else { throw fail("a block name must be plain") }
                if state.definitionTopLevel {
                    standalone = standaloneLine(state)
                    let body = try parse(state.entering(name, newLine: standalone))
                    tokens.append(.definition(name.path[0], body: body))
                } else {
                    if !whitespace.isEmpty { tokens.append(.text(String(whitespace))) }
                    standalone = standaloneLine(state)
                    let body = try parse(state.entering(name, newLine: standalone))
                    tokens.append(.block(name.path[0], defaultBody: body, indentation: String(whitespace)))
                    whitespace = ""
                }
            case "%":
                position += 1
                try readPragma()
                standalone = standaloneLine(state)
            default:
                flushWhitespace()
                tokens.append(.variable(try readName(), escaped: true))
            }
            state.newLine = standalone
        }
        guard state.section == nil else { throw fail("a section that is never closed") }
        return tokens
    }
}
