import Foundation

/// Questions as a spreadsheet: one header row, then one question per record.
///
/// Columns may come in any order and any case; only `prompt` is required. Lists are split on `|` and category paths on
/// ` / ` (with spaces, so a name like "CI/CD" survives); an entry that itself contains `|`, or a category name that
/// contains ` / `, does not survive a round trip. Criteria are written "Clarity:30 | Depth:70".
///
/// Formula neutralising is reversed on import only where that is unambiguous: export puts a `'` in front of a cell that
/// starts with `=`, `+`, `-`, `@`, tab or CR, and also in front of a cell that starts with apostrophes followed by one of
/// those. Import removes one `'` exactly when the cell is apostrophes followed by one of those characters, so every
/// exported value comes back unchanged and a value typed as `'abc` is kept as typed.
public enum QuestionCSV {
    /// Every column, in the order export writes them.
    public static let columns = [
        "external_key", "category", "language", "prompt", "field", "level", "difficulty", "company", "position_type", "tags",
        "keywords", "follow_ups", "hint", "sample_answer", "ideal_answer_words", "time_limit_seconds", "criteria",
    ]

    /// Reads a file; a record with a problem becomes a rejected row, an unreadable header or quoting throws.
    public static func parse(_ data: Data, defaultLanguage: String) throws(TransferFailure) -> ParsedFile {
        let records = try CSVReader.records(data)
        guard let header = records.first else { throw TransferFailure(line: nil, message: "The file is empty: it needs a header row.") }
        if let bad = header.invalidByteOffset {
            throw TransferFailure(
                line: header.line,
                byteOffset: bad,
                message: "Byte \(TransferText.grouped(bad + 1)) (line \(header.line)) is not valid UTF-8."
            )
        }
        var positions: [String: Int] = [:]
        for (index, raw) in header.cells.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard columns.contains(name) else {
                throw .onLine(header.line, "the column “\(raw)” is not one this importer knows. Known columns: \(columns.joined(separator: ", ")).")
            }
            guard positions[name] == nil else { throw .onLine(header.line, "the column “\(raw)” appears twice.") }
            positions[name] = index
        }
        guard positions["prompt"] != nil else { throw .onLine(header.line, "the header has no “prompt” column.") }
        var rows: [ParsedRow] = []
        for record in records.dropFirst() {
            if let bad = record.invalidByteOffset {
                rows.append(
                    ParsedRow(line: record.line, kind: .rejected("Bad encoding at byte \(TransferText.grouped(bad + 1)): save the file as UTF-8."))
                )
                continue
            }
            guard record.cells.count <= header.cells.count else {
                let problem = "this row has \(record.cells.count) cells but the header has \(header.cells.count); is a comma missing its quotes?"
                rows.append(ParsedRow(line: record.line, kind: .rejected(problem)))
                continue
            }
            let cell = { (name: String) -> String in
                guard let position = positions[name], position < record.cells.count else { return "" }
                return restore(record.cells[position])
            }
            do throws(RowProblem) {
                rows.append(ParsedRow(line: record.line, kind: .question(try question(cell, defaultLanguage: defaultLanguage))))
            } catch {
                rows.append(ParsedRow(line: record.line, kind: .rejected(error.message.prefix(1).uppercased() + error.message.dropFirst())))
            }
        }
        return ParsedFile(rows: rows)
    }

    private static func question(_ cell: (String) -> String, defaultLanguage: String) throws(RowProblem) -> TransferQuestion {
        let prompt = cell("prompt")
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw RowProblem("the prompt is empty.") }
        let content = QuestionContent(
            prompt: prompt,
            field: cell("field"),
            level: try TransferQuestion.level(from: cell("level")),
            difficulty: try TransferQuestion.difficulty(from: cell("difficulty")),
            company: cell("company"),
            positionType: cell("position_type"),
            tags: TransferText.split(cell("tags"), on: "|"),
            keywords: TransferText.split(cell("keywords"), on: "|"),
            hint: cell("hint"),
            followUps: TransferText.split(cell("follow_ups"), on: "|"),
            sampleAnswer: cell("sample_answer"),
            idealAnswerWords: try TransferQuestion.wholeNumber(from: cell("ideal_answer_words"), field: "ideal_answer_words"),
            timeLimitSeconds: try TransferQuestion.wholeNumber(from: cell("time_limit_seconds"), field: "time_limit_seconds"),
            criteria: try TransferQuestion.criteria(from: cell("criteria"))
        )
        let key = cell("external_key").trimmingCharacters(in: .whitespaces)
        let language = cell("language").trimmingCharacters(in: .whitespaces)
        let question = TransferQuestion(
            externalKey: key.isEmpty ? nil : key,
            category: TransferText.split(cell("category"), on: " / "),
            language: language.isEmpty ? defaultLanguage : language,
            content: content
        )
        try question.requireNoProblems()
        return question
    }

    /// Removes the `'` that export put in front of a formula-like cell; see the type's documentation.
    static func restore(_ cell: String) -> String {
        guard cell.hasPrefix("'") else { return cell }
        let rest = cell.drop(while: { $0 == "'" })
        guard let first = rest.utf8.first, CSVCell.formulaStarts.contains(first) else { return cell }
        return String(cell.dropFirst())
    }

    /// Neutralises a cell so that `restore` gives it back exactly; see the type's documentation.
    static func protect(_ cell: String) -> String {
        let rest = cell.drop(while: { $0 == "'" })
        if rest.count < cell.count, let first = rest.utf8.first, CSVCell.formulaStarts.contains(first) { return "'" + cell }
        return CSVCell.neutralise(cell)
    }
}
