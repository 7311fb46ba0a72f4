import Crypto
import Foundation

/// The file formats a bank is imported from and exported to.
public enum TransferFormat: String, Sendable, CaseIterable {
    case json, csv
    case moodleXML = "moodle-xml"

    public var label: String {
        switch self {
        case .json: "JSON (Interview Coach)"
        case .csv: "CSV"
        case .moodleXML: "Moodle XML"
        }
    }

    public var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .moodleXML: "application/xml; charset=utf-8"
        }
    }

    public var fileExtension: String { self == .moodleXML ? "xml" : rawValue }

    /// The format a file's name or first bytes suggest.
    public static func guess(_ filename: String, _ data: [UInt8]) -> TransferFormat {
        let lower = filename.lowercased()
        if lower.hasSuffix(".xml") { return .moodleXML }
        if lower.hasSuffix(".csv") { return .csv }
        let start = data.drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }.first
        return start == UInt8(ascii: "<") ? .moodleXML : start == UInt8(ascii: "{") ? .json : .csv
    }

    /// Parses `data`; a file that cannot be read at all throws, naming where it broke.
    public func parse(_ data: Data, defaultLanguage: String) throws(TransferFailure) -> ParsedFile {
        switch self {
        case .json: try QuestionJSON.parse(data, defaultLanguage: defaultLanguage)
        case .csv: try QuestionCSV.parse(data, defaultLanguage: defaultLanguage)
        case .moodleXML: try MoodleXML.parse(data, defaultLanguage: defaultLanguage)
        }
    }

    public func export(_ questions: [TransferQuestion]) -> Data {
        switch self {
        case .json: QuestionJSON.export(questions)
        case .csv: QuestionCSV.export(questions)
        case .moodleXML: MoodleXML.export(questions)
        }
    }
}

/// Imports into and exports from a bank: the plan (dry run) and its apply, shared by the server and `tenantctl`.
public struct QuestionImporter: Sendable {
    let editor: QuestionEditor
    let banks = BankRepository()
    let questions = QuestionRepository()

    public init(editor: QuestionEditor) { self.editor = editor }

    /// What importing `data` into `bankID` would do; writes nothing.
    public func plan(_ data: Data, format: TransferFormat, bankID: UUID, in db: TenantConnection) async throws -> ImportPlan {
        let language = try await banks.languages(in: db).default
        let parsed = try format.parse(data, defaultLanguage: language)
        let existing = try await questions.all(bankID: bankID, in: db).map {
            ExistingQuestion(id: $0.id, externalKey: $0.externalKey, category: $0.categoryPath, content: $0.content)
        }
        let categories = Set(try await banks.categories(bankID: bankID, in: db).map(\.path))
        return ImportPlanner.plan(parsed, existing: existing, existingCategories: categories, mayCreateCategories: format == .moodleXML)
    }

    /// A digest of what a plan does, so an apply can prove it runs the plan the dry run showed.
    public static func digest(_ plan: ImportPlan) -> String {
        let text = plan.rows.map { "\($0.line)|\($0.action)" }.joined(separator: "\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Carries out `plan` in the caller's transaction; any deviation (the plan limit, a conflict) throws, so the
    /// transaction rolls back and nothing is written.
    /// `progress` hears how many rows are done after each one.
    public func apply(
        _ plan: ImportPlan,
        bankID: UUID,
        in db: TenantConnection,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> ImportPlan.Counts {
        // The plan's limit is checked once for every question the file adds, not once per question.
        let creating = plan.counts.create
        if creating > 0, let full = try await editor.planFull(adding: creating, in: db) {
            throw AppError.conflict(full + " Nothing was imported.")
        }
        for (index, row) in plan.rows.enumerated() {
            defer { progress(index + 1, plan.rows.count) }
            switch row.action {
            case .createCategory(let path):
                _ = try await banks.ensureCategory(bankID: bankID, path: path, in: db)
            case .create:
                guard let question = row.question else { continue }
                let category = question.category.isEmpty ? nil : try await banks.ensureCategory(bankID: bankID, path: question.category, in: db)
                let draft = QuestionDraft(
                    bankID: bankID,
                    categoryID: category?.id,
                    externalKey: question.externalKey,
                    content: question.content,
                    changeNote: "Imported (line \(row.line))"
                )
                if case .problems(let problems) = try await editor.create(draft, roomChecked: true, in: db) {
                    throw AppError.conflict("Line \(row.line): " + problems.joined(separator: " ") + " Nothing was imported.")
                }
            case .newVersion(let id, _):
                guard let question = row.question, let current = try await questions.find(id: id, lock: true, in: db) else { continue }
                let draft = QuestionDraft(
                    bankID: bankID,
                    categoryID: current.categoryID,
                    externalKey: current.externalKey,
                    content: question.content,
                    changeNote: "Imported (line \(row.line))"
                )
                if case .problems(let problems) = try await editor.save(draft, to: current, in: db) {
                    throw AppError.conflict("Line \(row.line): " + problems.joined(separator: " ") + " Nothing was imported.")
                }
            case .duplicate, .skip, .reject: continue
            }
        }
        return plan.counts
    }

    /// Applies `plan` and appends one import event with its counts, both in the caller's transaction.
    public func applyRecorded(
        _ plan: ImportPlan,
        bankID: UUID,
        format: TransferFormat,
        filename: String,
        in db: TenantConnection,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> ImportPlan.Counts {
        let counts = try await apply(plan, bankID: bankID, in: db, progress: progress)
        let event = editor.source.event(
            .questionsImported,
            targetType: "question_bank",
            targetID: bankID,
            targetLabel: filename,
            details: ["format": format.rawValue, "file": filename],
            after: [
                "created": "\(counts.create)", "new_versions": "\(counts.newVersion)", "duplicates": "\(counts.duplicate)",
                "categories": "\(counts.createCategory)", "skipped": "\(counts.skip)", "rejected": "\(counts.reject)",
            ]
        )
        try await AuditLog().record(event, in: db)
        return counts
    }

    /// The questions `filter` selects (every page), in a stable order, as files carry them.
    public func export(_ filter: QuestionFilter, in db: TenantConnection) async throws -> [TransferQuestion] {
        var filter = filter
        filter.after = nil
        var rows: [Question] = []
        while true {
            let page = try await questions.page(filter, limit: 500, in: db)
            rows += page.rows.map(\.question)
            guard page.hasMore, let last = page.rows.last else { break }
            filter.after = last.cursor
        }
        return
            rows
            .map { TransferQuestion(externalKey: $0.externalKey, category: $0.categoryPath, language: $0.language, content: $0.content) }
            .sorted { a, b in
                (a.category.joined(separator: "\u{1}"), a.externalKey ?? "\u{10FFFF}", a.content.prompt)
                    < (b.category.joined(separator: "\u{1}"), b.externalKey ?? "\u{10FFFF}", b.content.prompt)
            }
    }
}
