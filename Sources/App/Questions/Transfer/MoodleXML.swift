import Foundation

/// Moodle's question bank XML: category records, essay, short-answer and description questions.
///
/// Question text in `html` is converted to Markdown, `markdown` is kept, `plain_text` is escaped so it shows as
/// written, and `moodle_auto_format` is treated as HTML when it contains tags and as plain text otherwise. Fields Moodle
/// has no place for travel as tags starting with `ic-` (see `MoodleTags`). Other question types are skipped.
public enum MoodleXML {
    /// The question types this importer reads.
    static let importedTypes: Set<String> = ["essay", "shortanswer", "description"]

    /// Reads a Moodle XML export; a question with a problem becomes a rejected row, malformed XML throws.
    public static func parse(_ data: Data, defaultLanguage: String) throws(TransferFailure) -> ParsedFile {
        let bytes = TransferText.withoutBOM(data)
        try TransferText.requireUTF8(bytes)
        let root = try MoodleXMLReader.read(bytes)
        guard root.name == "quiz" else {
            throw .onLine(root.line, "this XML is not a Moodle question export (it starts with <\(root.name)>, not <quiz>).")
        }
        var rows: [ParsedRow] = []
        var category: [String] = []
        for node in root.children("question") {
            let type = node.attributes["type"] ?? ""
            switch type {
            case "category":
                category = MoodleTags.categoryPath(node.value("category") ?? "")
                rows.append(ParsedRow(line: node.line, kind: .category(category)))
            case "":
                rows.append(ParsedRow(line: node.line, kind: .rejected("This <question> has no type.")))
            case _ where importedTypes.contains(type):
                do throws(RowProblem) {
                    let question = try question(node, type: type, category: category, defaultLanguage: defaultLanguage)
                    rows.append(ParsedRow(line: node.line, kind: .question(question)))
                } catch {
                    rows.append(ParsedRow(line: node.line, kind: .rejected(error.message)))
                }
            default:
                rows.append(ParsedRow(line: node.line, kind: .skipped("Moodle \(type) questions are not imported.")))
            }
        }
        return ParsedFile(rows: rows)
    }

    /// Markdown for a Moodle text element according to its `format` attribute.
    static func markdown(_ node: MoodleNode?) -> String {
        guard let node else { return "" }
        let text = node.child("text")?.text ?? node.text
        let converted: String
        switch node.attributes["format"] ?? "html" {
        case "markdown": converted = text
        case "plain_text": converted = HTMLToMarkdown.plainText(text)
        case "moodle_auto_format": converted = HTMLToMarkdown.looksLikeHTML(text) ? HTMLToMarkdown.convert(text) : HTMLToMarkdown.plainText(text)
        default: converted = HTMLToMarkdown.convert(text)
        }
        return converted.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func question(_ node: MoodleNode, type: String, category: [String], defaultLanguage: String) throws(RowProblem) -> TransferQuestion
    {
        let prompt = markdown(node.child("questiontext"))
        guard !prompt.isEmpty else { throw RowProblem("The question text is empty.") }
        var content = QuestionContent(prompt: prompt, hint: markdown(node.child("generalfeedback")))
        if type == "essay" { content.sampleAnswer = markdown(node.child("graderinfo")) }
        if type == "shortanswer" {
            for answer in node.children("answer") {
                let text = (answer.child("text")?.text ?? answer.text).trimmingCharacters(in: .whitespacesAndNewlines)
                let fraction = Double(answer.attributes["fraction"] ?? "100") ?? 100
                if fraction > 0 && !text.isEmpty && text != "*" { content.keywords.append(text) }
            }
        }
        let tags = (node.children("tags") + node.children("coursetags")).flatMap { $0.children("tag") }.map {
            ($0.child("text")?.text ?? $0.text).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let language = try MoodleTags.apply(tags.filter { !$0.isEmpty }, to: &content)
        let key = (node.value("idnumber") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let question = TransferQuestion(
            externalKey: key.isEmpty ? nil : key,
            category: category,
            language: language ?? defaultLanguage,
            content: content
        )
        try question.requireNoProblems()
        return question
    }
}
