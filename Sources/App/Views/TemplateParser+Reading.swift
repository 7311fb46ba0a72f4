/// The parser's readers: names, partial names, comments, pragmas, and where a line ends.
extension TemplateParser {
    static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*()")
    static let partialNameCharacters = nameCharacters.union(["/"])

    @discardableResult
    mutating func read(while test: (Character) -> Bool) -> Substring {
        let start = position
        while !atEnd, test(characters[position]) { position += 1 }
        return Substring(String(characters[start..<position]))
    }

    /// Text up to a newline (not consumed) or up to and past the next `{{`.
    mutating func readUntilTagOrNewline() -> String {
        var text = ""
        while !atEnd {
            let character = characters[position]
            if character == "\n" || character == "\r\n" { break }
            if character == "{", position + 1 < characters.count, characters[position + 1] == "{" {
                position += 2
                break
            }
            text.append(character)
            position += 1
        }
        return text
    }

    /// Whether the tag just read is alone on its line; if so, the rest of the line and its newline are consumed.
    mutating func standaloneLine(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < characters.count, characters[probe] == " " || characters[probe] == "\t" { probe += 1 }
        guard probe < characters.count, characters[probe].isNewline else { return false }
        position = probe + 1
        return true
    }

    mutating func expectClose() throws {
        guard position + 1 < characters.count, characters[position] == "}", characters[position + 1] == "}" else {
            throw fail("a tag that is not closed with }}")
        }
        position += 2
    }

    mutating func readName() throws -> TemplateName {
        read(while: \.isWhitespace)
        let text = String(read(while: Self.nameCharacters.contains))
        read(while: \.isWhitespace)
        try expectClose()
        var transforms: [String] = []
        var inner = Substring(text)
        while let open = inner.firstIndex(of: "(") {
            guard inner.last == ")" else { throw fail("a transform without its closing bracket") }
            let transform = String(inner[..<open])
            guard Self.transforms.contains(transform) else { throw fail("an unknown transform \(transform)") }
            transforms.append(transform)
            inner = inner[inner.index(after: open)..<inner.index(before: inner.endIndex)]
        }
        guard !inner.contains(")") else { throw fail("a name with a stray bracket") }
        if inner == "." { return TemplateName(path: [], local: false, transforms: transforms) }
        let local = inner.first == "."
        let path = inner.split(separator: ".").map(String.init)
        guard !path.isEmpty else { throw fail("a tag without a name") }
        return TemplateName(path: path, local: local, transforms: transforms)
    }

    mutating func readPartialName() throws -> String {
        read(while: \.isWhitespace)
        guard current != "*" else { throw fail("dynamic partial names are not supported") }
        let name = String(read(while: Self.partialNameCharacters.contains))
        read(while: \.isWhitespace)
        try expectClose()
        guard !name.isEmpty else { throw fail("a partial without a name") }
        return name
    }

    mutating func skipComment() throws {
        while position + 1 < characters.count {
            if characters[position] == "}", characters[position + 1] == "}" {
                position += 2
                return
            }
            position += 1
        }
        throw fail("a comment that is never closed")
    }

    /// `{{% CONTENT_TYPE: HTML}}`: every template here is HTML and escapes as HTML, so the pragma changes nothing.
    mutating func readPragma() throws {
        read(while: \.isWhitespace)
        let variable = read(while: { $0.isLetter || $0 == "_" })
        read(while: \.isWhitespace)
        guard current == ":" else { throw fail("a pragma without a colon") }
        position += 1
        read(while: \.isWhitespace)
        let value = read(while: { $0.isLetter })
        read(while: \.isWhitespace)
        try expectClose()
        guard variable == "CONTENT_TYPE", value == "HTML" else { throw fail("only {{% CONTENT_TYPE: HTML}} is supported") }
    }
}
