import Foundation

/// A question already in the bank, as the import planner compares against it.
public struct ExistingQuestion: Sendable, Equatable {
    public var id: UUID
    public var externalKey: String?
    public var category: [String]
    public var content: QuestionContent

    /// Makes an existing question.
    public init(id: UUID, externalKey: String?, category: [String], content: QuestionContent) {
        self.id = id
        self.externalKey = externalKey
        self.category = category
        self.content = content
    }
}

/// What an import would do, row by row, before anything is written.
public struct ImportPlan: Sendable, Equatable {
    /// How many rows have each action.
    public struct Counts: Sendable, Equatable {
        public var create = 0
        public var newVersion = 0
        public var duplicate = 0
        public var createCategory = 0
        public var skip = 0
        public var reject = 0

        /// Makes counts; all zero unless given.
        public init(create: Int = 0, newVersion: Int = 0, duplicate: Int = 0, createCategory: Int = 0, skip: Int = 0, reject: Int = 0) {
            self.create = create
            self.newVersion = newVersion
            self.duplicate = duplicate
            self.createCategory = createCategory
            self.skip = skip
            self.reject = reject
        }
    }

    public var rows: [PlannedRow]

    /// Makes a plan from its rows.
    public init(rows: [PlannedRow]) { self.rows = rows }

    /// The number of rows per action.
    public var counts: Counts {
        var counts = Counts()
        for row in rows {
            switch row.action {
            case .create: counts.create += 1
            case .newVersion: counts.newVersion += 1
            case .duplicate: counts.duplicate += 1
            case .createCategory: counts.createCategory += 1
            case .skip: counts.skip += 1
            case .reject: counts.reject += 1
            }
        }
        return counts
    }
}

/// One line of an import plan.
public struct PlannedRow: Sendable, Equatable {
    /// What the import would do with a row.
    public enum Action: Sendable, Equatable {
        /// A new question.
        case create
        /// A new version of the existing question with this id; the names of the fields that differ.
        case newVersion(UUID, changedFields: [String])
        /// Nothing to do: the same as the existing question with this id, or (nil) as an earlier row of this file.
        case duplicate(UUID?)
        /// A new category with this path.
        case createCategory([String])
        /// Left out on purpose, with the reason.
        case skip(String)
        /// Cannot be imported, with the reason.
        case reject(String)
    }

    /// The 1-based line in the file.
    public var line: Int
    /// The first ~60 characters of the prompt (or the category path) on one line.
    public var summary: String
    public var action: Action
    /// The normalised question to write, for create, newVersion and duplicate.
    public var question: TransferQuestion?

    /// Makes a planned row.
    public init(line: Int, summary: String, action: Action, question: TransferQuestion? = nil) {
        self.line = line
        self.summary = summary
        self.action = action
        self.question = question
    }
}

extension PlannedRow.Action {
    /// What the dry run says about a row, on the import page and in `tenantctl bank import`.
    public var sentence: String {
        switch self {
        case .create: "Will be created"
        case .newVersion(_, let fields): "Will become a new version (changed: \(fields.joined(separator: ", ")))"
        case .duplicate(let id): id == nil ? "Duplicate of an earlier row; left out" : "Already in the bank, unchanged; left out"
        case .createCategory(let path): "Category \(path.joined(separator: " / ")) will be created"
        case .skip(let reason): "Skipped: \(reason)"
        case .reject(let reason): "Rejected: \(reason)"
        }
    }

    /// Whether the row cannot be imported.
    public var isRejection: Bool {
        if case .reject = self { return true }
        return false
    }
}
