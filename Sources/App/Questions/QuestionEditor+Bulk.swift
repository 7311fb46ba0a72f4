import Crypto
import Foundation

/// A change applied to many questions at once from the list.
public enum BulkAction: Sendable, Equatable {
    case publish, archive
    /// To a category of the question's own bank; nil moves it to the top of its bank.
    case move(QuestionCategory?)
    case tag(String)

    /// The verb for headings and buttons, e.g. "Publish".
    public var verb: String {
        switch self {
        case .publish: "Publish"
        case .archive: "Archive"
        case .move(let category): "Move to \(category?.label ?? "the top of the bank")"
        case .tag(let tag): "Add the tag “\(tag)” to"
        }
    }
}

/// What a bulk action would do to the selected questions: those it changes, and the rest with the reason they stay.
public struct BulkPlan: Sendable {
    public let action: BulkAction
    public let changing: [Question]
    public let unchanged: [(question: Question, reason: String)]

    /// Names exactly the questions and versions that will change, so the apply step can prove it does what was shown.
    public var digest: String {
        let text = changing.map { "\($0.id.lowercasedString)@\($0.latestVersion)" }.sorted().joined(separator: ",")
        return SHA256.hash(data: Data("\(action.verb)|\(text)".utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension QuestionEditor {
    /// The most questions one bulk action takes (two list pages and more).
    public static let bulkLimit = 200

    /// Works out what `action` would do to the questions with `ids` in this tenant (ids of other tenants are simply
    /// not found). With `lock`, the rows stay locked until the transaction ends, for the apply step.
    public func plan(_ action: BulkAction, ids: [UUID], lock: Bool, in db: TenantConnection) async throws -> BulkPlan {
        var changing: [Question] = []
        var unchanged: [(Question, String)] = []
        for id in Set(ids).sorted(by: { $0.uuidString < $1.uuidString }).prefix(Self.bulkLimit) {
            guard let question = try await questions.find(id: id, lock: lock, in: db) else { continue }
            if let reason = Self.reasonUnchanged(question, by: action) {
                unchanged.append((question, reason))
            } else {
                changing.append(question)
            }
        }
        return BulkPlan(action: action, changing: changing, unchanged: unchanged)
    }

    /// Why `action` leaves `question` as it is, or nil when it changes it.
    static func reasonUnchanged(_ question: Question, by action: BulkAction) -> String? {
        switch action {
        case .publish:
            if question.status == .archived { return "archived; restore it first" }
            return question.hasUnpublishedChanges ? nil : "already published at its latest version"
        case .archive:
            return question.status == .archived ? "already archived" : nil
        case .move(let category):
            if let category, category.bankID != question.bankID { return "in another bank (\(question.bankName))" }
            return question.categoryID == category?.id ? "already there" : nil
        case .tag(let tag):
            if question.status == .archived { return "archived; restore it first" }
            return question.content.tags.contains(tag) ? "already has this tag" : nil
        }
    }

    /// Carries out a plan made with `lock: true` in this transaction: one audit event per question, as if each had
    /// been changed on its own page. Tagging makes a new version, which still needs publishing.
    public func apply(_ plan: BulkPlan, in db: TenantConnection) async throws {
        for question in plan.changing {
            switch plan.action {
            case .publish:
                _ = try await publish(question, in: db)
            case .archive:
                try await archive(question, in: db)
            case .move(let category):
                try await questions.move(question.id, to: category?.id, in: db)
                try await record(
                    .questionMoved,
                    question.id,
                    question.content,
                    before: ["category": question.categoryPath.joined(separator: " / ")],
                    after: ["category": category?.label ?? ""],
                    in: db
                )
            case .tag(let tag):
                var content = question.content
                content.tags.append(tag)
                let draft = QuestionDraft(
                    bankID: question.bankID,
                    categoryID: question.categoryID,
                    externalKey: question.externalKey,
                    content: content,
                    changeNote: "Added the tag “\(tag)”",
                    baseVersion: question.latestVersion
                )
                if case .problems(let problems) = try await save(draft, to: question, in: db) {
                    throw AppError.conflict(problems.joined(separator: " "))
                }
            }
        }
    }
}
