import Foundation

/// Who may start a template: every candidate, or only those assigned to it.
public enum TemplateAudience: String, Sendable, CaseIterable {
    case all, assigned

    /// What the admin reads and chooses.
    public var label: String {
        switch self {
        case .all: "Open to every candidate"
        case .assigned: "Assigned candidates only"
        }
    }
}

/// The email addresses an admin typed to assign a template to, read without touching the database.
public enum TemplateAssignmentRequest {
    /// At most this many addresses in one post.
    public static let limit = 200

    /// Why the typed list was refused, as one sentence.
    public enum Problem: Error, Sendable, Equatable {
        case empty
        case tooMany(Int)
        case notAddresses([String])

        public var message: String {
            switch self {
            case .empty: "Email addresses: enter at least one, one per line or separated by commas."
            case .tooMany(let count): "Email addresses: at most \(TemplateAssignmentRequest.limit) at a time; you entered \(count)."
            case .notAddresses(let typed):
                "Email addresses: \(typed.joined(separator: ", ")) \(typed.count == 1 ? "is not an address" : "are not addresses")."
            }
        }
    }

    /// The distinct addresses in `text` (one per line, or separated by commas, semicolons or spaces), lower-case and in
    /// the order typed; or the problem with them.
    public static func parse(_ text: String) -> Result<[String], Problem> {
        let separators = CharacterSet(charactersIn: ",;").union(.whitespacesAndNewlines)
        let typed = text.components(separatedBy: separators).filter { !$0.isEmpty }
        guard !typed.isEmpty else { return .failure(.empty) }
        guard typed.count <= limit else { return .failure(.tooMany(typed.count)) }
        let invalid = typed.filter { EmailAddress.normalised($0) == nil }
        guard invalid.isEmpty else { return .failure(.notAddresses(invalid.map { String($0.prefix(254)) })) }
        var seen = Set<String>()
        return .success(typed.compactMap(EmailAddress.normalised).filter { seen.insert($0).inserted })
    }

    /// The sentence naming the addresses that could not be assigned (unknown, staff, deactivated or erased people alike,
    /// so the page does not say which of those an address is).
    public static func refusal(_ emails: [String], tenant: String) -> String {
        let list = emails.joined(separator: ", ")
        return emails.count == 1
            ? "Nothing was assigned: \(list) is not an active candidate of \(tenant). Correct or remove it and assign again."
            : "Nothing was assigned: \(list) are not active candidates of \(tenant). Correct or remove them and assign again."
    }
}

/// What assigning a list of addresses did.
public enum TemplateAssignmentOutcome: Sendable, Equatable {
    /// Every address is an active candidate: `added` are new, the rest were already assigned.
    case assigned(added: Int, already: Int)
    /// Nothing was assigned, because these addresses are not active candidates of the tenant.
    case refused([String])
}
