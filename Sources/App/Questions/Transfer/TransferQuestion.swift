import Foundation

/// One question as an import or export file carries it.
public struct TransferQuestion: Sendable, Equatable, Codable {
    /// The key that identifies the question in this bank across imports (Moodle's `<idnumber>`); nil when the file has none.
    public var externalKey: String?
    /// The category path inside the bank, outermost first; empty for the top of the bank.
    public var category: [String]
    /// The question's language as a BCP 47 tag, e.g. "en".
    public var language: String
    public var content: QuestionContent

    /// Makes a question for a file.
    public init(externalKey: String? = nil, category: [String] = [], language: String, content: QuestionContent) {
        self.externalKey = externalKey
        self.category = category
        self.language = language
        self.content = content
    }
}

/// Everything a file said, record by record, in file order.
public struct ParsedFile: Sendable, Equatable {
    public var rows: [ParsedRow]

    /// Wraps the rows of one file.
    public init(rows: [ParsedRow]) { self.rows = rows }

    /// The questions that were read, in file order.
    public var questions: [TransferQuestion] {
        rows.compactMap { if case .question(let question) = $0.kind { question } else { nil } }
    }
}

/// One record of a file and the 1-based line where it starts.
public struct ParsedRow: Sendable, Equatable {
    /// What a record turned out to be.
    public enum Kind: Sendable, Equatable {
        case question(TransferQuestion)
        /// A category record (Moodle): the questions after it belong to this path.
        case category([String])
        /// A record this importer leaves out on purpose, with the reason.
        case skipped(String)
        /// A record that cannot be imported, with the reason.
        case rejected(String)
    }

    public var line: Int
    public var kind: Kind

    /// Makes a row.
    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }
}

/// A file that cannot be read at all; `message` is a sentence a person understands.
public struct TransferFailure: Error, Equatable, Sendable {
    /// The 1-based line the problem is on, when known.
    public var line: Int?
    /// The 0-based byte offset of the problem, when known (messages count bytes from 1).
    public var byteOffset: Int?
    public var message: String

    /// Makes a failure with an already written message.
    public init(line: Int?, byteOffset: Int? = nil, message: String) {
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    /// A failure on one line: the message becomes "Line N: <problem>".
    public static func onLine(_ line: Int, _ problem: String, byteOffset: Int? = nil) -> TransferFailure {
        TransferFailure(line: line, byteOffset: byteOffset, message: "Line \(TransferText.grouped(line)): \(problem)")
    }
}
