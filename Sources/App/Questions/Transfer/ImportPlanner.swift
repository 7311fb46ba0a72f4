import Foundation

/// Decides, without touching the database, what importing a parsed file into a bank would do.
///
/// Rules: content is normalised first and content with problems is rejected. A row with an external key is matched by
/// key: identical normalised content and category is a duplicate, anything else a new version listing the changed
/// fields; the same key twice in a file rejects the second. A row without a key whose normalised prompt equals an
/// existing question's (or an earlier row's) is a duplicate. A category the bank lacks is created when the format may
/// create categories (Moodle), its missing parents first, and otherwise the row is rejected. The plan depends only on
/// the inputs and their order.
public enum ImportPlanner {
    /// The plan for `file` against the bank's questions and category paths (the top, `[]`, always exists).
    public static func plan(
        _ file: ParsedFile,
        existing: [ExistingQuestion],
        existingCategories: Set<[String]>,
        mayCreateCategories: Bool
    ) -> ImportPlan {
        var byKey: [String: ExistingQuestion] = [:]
        var byPrompt: [String: UUID] = [:]
        for question in existing {
            if let key = question.externalKey, byKey[key] == nil { byKey[key] = question }
            let prompt = question.content.normalised().prompt
            if byPrompt[prompt] == nil { byPrompt[prompt] = question.id }
        }
        var categories = existingCategories.union([[]])
        var keyLines: [String: Int] = [:]
        var promptsInFile: Set<String> = []
        var rows: [PlannedRow] = []

        func ensureCategory(_ path: [String], line: Int) -> Bool {
            guard !categories.contains(path) else { return true }
            guard mayCreateCategories else { return false }
            for length in 1...path.count where !categories.contains(Array(path.prefix(length))) {
                let prefix = Array(path.prefix(length))
                categories.insert(prefix)
                rows.append(PlannedRow(line: line, summary: TransferText.categoryLabel(prefix), action: .createCategory(prefix)))
            }
            return true
        }

        for row in file.rows {
            switch row.kind {
            case .skipped(let reason):
                rows.append(PlannedRow(line: row.line, summary: "", action: .skip(reason)))
            case .rejected(let reason):
                rows.append(PlannedRow(line: row.line, summary: "", action: .reject(reason)))
            case .category(let path):
                if !ensureCategory(path, line: row.line) {
                    let label = TransferText.categoryLabel(path)
                    rows.append(PlannedRow(line: row.line, summary: label, action: .reject("Unknown category \(label).")))
                }
            case .question(let raw):
                var question = raw
                question.content = raw.content.normalised()
                question.externalKey = raw.externalKey?.trimmingCharacters(in: .whitespaces)
                if question.externalKey?.isEmpty == true { question.externalKey = nil }
                let summary = TransferText.summary(question.content.prompt)
                let action = decide(
                    question,
                    line: row.line,
                    byKey: byKey,
                    byPrompt: byPrompt,
                    keyLines: &keyLines,
                    promptsInFile: &promptsInFile,
                    categoryKnown: { ensureCategory(question.category, line: row.line) }
                )
                let keep: Bool
                switch action {
                case .skip, .reject: keep = false
                default: keep = true
                }
                rows.append(PlannedRow(line: row.line, summary: summary, action: action, question: keep ? question : nil))
            }
        }
        return ImportPlan(rows: rows)
    }
}
