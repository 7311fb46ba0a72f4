import Foundation

/// What an editor submits: where the question goes and what it says.
public struct QuestionDraft: Sendable, Equatable {
    public var bankID: UUID?
    public var categoryID: UUID?
    public var externalKey: String?
    public var content: QuestionContent
    public var changeNote: String
    /// The version the editor started from; a save on top of a newer one is refused so nobody's work is lost.
    public var baseVersion: Int?

    public init(bankID: UUID?, categoryID: UUID?, externalKey: String?, content: QuestionContent, changeNote: String, baseVersion: Int? = nil) {
        self.bankID = bankID
        self.categoryID = categoryID
        self.externalKey = externalKey
        self.content = content
        self.changeNote = changeNote
        self.baseVersion = baseVersion
    }
}

/// Who wrote a version or a translation: a person of the tenant, or the operator through `tenantctl` (no user id).
public struct Author: Sendable, Equatable {
    public let id: UUID?
    public let name: String

    public init(_ user: User) {
        self.id = user.id
        self.name = user.name
    }

    public init(operator label: String) {
        self.id = nil
        self.name = label
    }
}

/// What a save did.
public enum SaveOutcome: Sendable, Equatable {
    case created(UUID)
    case saved(version: Int)
    /// Nothing differs from the latest version, so no version was made.
    case unchanged
    /// Each entry names the field and what to do; nothing was written.
    case problems([String])
}

/// The rules of writing questions: validation, the plan limit, versions, publishing and archiving, each with its
/// audit event in the caller's transaction. The server and `tenantctl` both go through here.
public struct QuestionEditor: Sendable {
    let questions = QuestionRepository()
    let banks = BankRepository()
    let source: AuditSource
    let author: Author

    public init(author: Author, source: AuditSource) {
        self.author = author
        self.source = source
    }

    /// An editor writing as a signed-in person.
    public init(author: User, source: AuditSource) {
        self.init(author: Author(author), source: source)
    }

    /// Creates a question with version 1, unless the draft has problems or the plan is full.
    /// `roomChecked` says the caller already reserved room under the plan's limit for this question (an import checks
    /// once for all its rows).
    public func create(_ draft: QuestionDraft, roomChecked: Bool = false, in db: TenantConnection) async throws -> SaveOutcome {
        let content = draft.content.normalised()
        var problems = content.problems() + noteProblems(draft.changeNote)
        var bank: QuestionBank?
        if let bankID = draft.bankID { bank = try await banks.bank(bankID, in: db) }
        if bank == nil { problems.insert("Bank: choose the bank the question belongs to.", at: 0) }
        if let categoryID = draft.categoryID {
            let category = try await banks.category(categoryID, in: db)
            if category == nil || category?.bankID != draft.bankID { problems.append("Category: choose a category of the selected bank.") }
        }
        if let key = draft.externalKey, key.count > 100 { problems.append("External key: at most 100 characters.") }
        guard problems.isEmpty, let bank else { return .problems(problems) }
        if !roomChecked, let full = try await planFull(in: db) { return .problems([full]) }
        if let key = draft.externalKey, try await questions.id(externalKey: key, bankID: bank.id, in: db) != nil {
            return .problems(["External key: \(bank.name) already has a question with the key \"\(key)\"."])
        }
        let language = try await banks.languages(in: db).default
        let id = try await questions.insert(
            bankID: bank.id,
            categoryID: draft.categoryID,
            externalKey: draft.externalKey,
            language: language,
            content: content,
            note: draft.changeNote,
            author: author,
            in: db
        )
        try await record(
            .questionCreated,
            id,
            content,
            after: Self.snapshot(content, keys: content.fieldTexts.map(\.key)).merging(["bank": bank.name, "version": "1"]) { $1 },
            in: db
        )
        return .created(id)
    }

    /// Saves `draft` as the next version of `question` (locked by the caller), unless nothing changed.
    public func save(_ draft: QuestionDraft, to question: Question, in db: TenantConnection) async throws -> SaveOutcome {
        let content = draft.content.normalised()
        var problems = content.problems() + noteProblems(draft.changeNote)
        if let base = draft.baseVersion, base != question.latestVersion {
            problems.insert(
                "Someone saved version \(question.latestVersion) while you were editing version \(base). Your text is still below: compare it with the latest version, then save again.",
                at: 0
            )
        }
        if question.status == .archived { problems.insert("This question is archived. Restore it before editing.", at: 0) }
        guard problems.isEmpty else { return .problems(problems) }
        let changed = content.changedFields(from: question.content)
        guard !changed.isEmpty else { return .unchanged }
        let number = try await questions.appendVersion(to: question, content: content, note: draft.changeNote, author: author, in: db)
        try await record(
            .questionEdited,
            question.id,
            content,
            details: ["version": String(number), "change_note": draft.changeNote],
            before: Self.snapshot(question.content, keys: changed),
            after: Self.snapshot(content, keys: changed),
            in: db
        )
        return .saved(version: number)
    }

    /// Makes a new version from version `number`'s content.
    public func revert(_ question: Question, to number: Int, in db: TenantConnection) async throws -> SaveOutcome {
        guard let old = try await questions.version(number, of: question.id, in: db) else { throw AppError.notFound }
        let draft = QuestionDraft(
            bankID: question.bankID,
            categoryID: question.categoryID,
            externalKey: question.externalKey,
            content: old.content,
            changeNote: "Reverted to version \(number)"
        )
        let outcome = try await save(draft, to: question, in: db)
        if case .saved(let version) = outcome {
            try await record(
                .questionReverted,
                question.id,
                old.content,
                details: ["from_version": String(number), "new_version": String(version)],
                in: db
            )
        }
        return outcome
    }

    /// Appends an event about question `id`, labelled with the start of its prompt, in the caller's transaction.
    func record(
        _ action: AuditAction,
        _ id: UUID,
        _ content: QuestionContent,
        details: [String: String] = [:],
        before: [String: String]? = nil,
        after: [String: String]? = nil,
        in db: TenantConnection
    ) async throws {
        let label = Markdown.summary(content.prompt, limit: 80)
        let event = source.event(action, targetType: "question", targetID: id, targetLabel: label, details: details, before: before, after: after)
        try await AuditLog().record(event, in: db)
    }

    /// The refusal to show when the plan's question limit leaves no room for `adding` more questions (locks the
    /// tenant row until commit), else nil.
    func planFull(adding: Int = 1, in db: TenantConnection) async throws -> String? {
        let allowance = try await banks.questionAllowance(in: db)
        guard allowance.used + adding > allowance.limit else { return nil }
        let state = allowance.used >= allowance.limit ? "all are in use" : "\(allowance.used) are in use, so \(adding) more do not fit"
        return "Your plan (\(allowance.plan)) allows \(allowance.limit) questions and \(state). "
            + "Archive questions you no longer need, or ask the owner to change the plan."
    }

    private func noteProblems(_ note: String) -> [String] {
        note.count > 500 ? ["Change note: at most 500 characters."] : []
    }

    /// The named fields' texts, each cut to 1,000 characters, for an audit event's before/after.
    static func snapshot(_ content: QuestionContent, keys: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: keys.compactMap { key in content.text(of: key).map { (key, String($0.prefix(1_000))) } })
    }
}
