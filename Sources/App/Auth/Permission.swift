import Foundation

/// What a signed-in person may do. Routes, the navigation and the role × route test all read ``Role/permissions``.
public enum Permission: String, Sendable, CaseIterable {
    /// Their own account: security, password, sessions, 2FA.
    case ownAccount
    /// The admin portal's home.
    case adminPortal
    /// People, the tenant's sessions and the security policy.
    case managePeople
    /// Read, export and verify the audit log.
    case readAudit
    /// The practice dashboard.
    case practise
    /// Read question banks: the list, a question, its history and diffs.
    case readQuestions
    /// Create and edit questions, banks and categories; import and export.
    case editQuestions
    /// Publish, archive and restore questions, alone or in bulk.
    case publishQuestions
    /// Translate questions and read the translation coverage.
    case translate
    /// Define the interview templates candidates practise with.
    case manageTemplates

    /// What the permission allows, for the permission matrix page.
    public var label: String {
        switch self {
        case .ownAccount: "Their own account: password, two-factor, sessions"
        case .adminPortal: "The admin portal's home"
        case .managePeople: "People, invitations, roles, sessions and the security policy"
        case .readAudit: "Read, export and verify the audit log"
        case .practise: "Practise interviews and follow their progress"
        case .readQuestions: "Read question banks, history and differences"
        case .editQuestions: "Write questions, banks and categories; import and export"
        case .publishQuestions: "Publish, archive and restore questions, alone or in bulk"
        case .translate: "Translate questions and read translation coverage"
        case .manageTemplates: "Define interview templates for practice"
        }
    }

    /// The sentence a refused person reads.
    public var refusal: String {
        switch self {
        case .ownAccount: "Sign in to reach your account."
        case .adminPortal: "The admin portal is for your company's administrators. Your practice dashboard is one click away."
        case .managePeople: "Only owners and admins can manage people, sessions and security."
        case .readAudit: "Only owners, admins and auditors can read the audit log."
        case .practise: "The practice dashboard is for candidates."
        case .readQuestions: "The question bank is for your company's editors, translators and admins."
        case .editQuestions: "Only editors and admins can change questions; translators can change translations."
        case .publishQuestions: "Only editors and admins can publish or archive questions."
        case .translate: "Only translators and admins can change translations."
        case .manageTemplates: "Only editors and admins can define interview templates."
        }
    }
}

extension Role {
    /// The one table of who may do what.
    public var permissions: Set<Permission> {
        switch self {
        case .owner, .admin:
            [
                .ownAccount, .adminPortal, .managePeople, .readAudit, .readQuestions, .editQuestions, .publishQuestions, .translate,
                .manageTemplates,
            ]
        case .auditor: [.ownAccount, .adminPortal, .readAudit]
        case .editor: [.ownAccount, .adminPortal, .readQuestions, .editQuestions, .publishQuestions, .manageTemplates]
        case .translator: [.ownAccount, .adminPortal, .readQuestions, .translate]
        case .candidate: [.ownAccount, .practise]
        }
    }

    /// Whether this role may do `permission`.
    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }
}
