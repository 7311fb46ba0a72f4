import Foundation

/// Where a question is in its life: only published questions reach candidates; archived ones are kept, never deleted.
public enum QuestionStatus: String, Sendable, Codable, CaseIterable {
    case draft, published, archived
}

/// One saved version of a question: immutable once written.
public struct QuestionVersion: Sendable, Equatable {
    public let number: Int
    public let content: QuestionContent
    public let changeNote: String
    public let authorName: String
    public let createdAt: Date
}

/// A question as an admin sees it: where it lives, its state and its latest version's content.
public struct Question: Sendable, Equatable {
    public let id: UUID
    public let bankID: UUID
    public let bankName: String
    public let categoryID: UUID?
    /// The category's names from the top down; empty when the question sits at the top of its bank.
    public let categoryPath: [String]
    public let externalKey: String?
    public let language: String
    public let status: QuestionStatus
    public let latestVersion: Int
    public let publishedVersion: Int?
    public let updatedAt: Date
    /// The latest version's content.
    public let content: QuestionContent

    /// Whether the latest version differs from the one candidates see.
    public var hasUnpublishedChanges: Bool { status != .archived && publishedVersion != latestVersion }
}

/// A bank of questions.
public struct QuestionBank: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let description: String
}

/// A node of a bank's category tree.
public struct QuestionCategory: Sendable, Equatable {
    public let id: UUID
    public let bankID: UUID
    public let path: [String]

    /// "Software engineering / JavaScript".
    public var label: String { path.joined(separator: " / ") }
}
