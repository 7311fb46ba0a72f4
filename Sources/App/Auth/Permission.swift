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

    /// The sentence a refused person reads.
    public var refusal: String {
        switch self {
        case .ownAccount: "Sign in to reach your account."
        case .adminPortal: "The admin portal is for your company's administrators. Your practice dashboard is one click away."
        case .managePeople: "Only owners and admins can manage people, sessions and security."
        case .readAudit: "Only owners, admins and auditors can read the audit log."
        case .practise: "The practice dashboard is for candidates."
        }
    }
}

extension Role {
    /// The one table of who may do what.
    public var permissions: Set<Permission> {
        switch self {
        case .owner, .admin: [.ownAccount, .adminPortal, .managePeople, .readAudit]
        case .auditor: [.ownAccount, .adminPortal, .readAudit]
        case .editor, .translator: [.ownAccount, .adminPortal]
        case .candidate: [.ownAccount, .practise]
        }
    }

    /// Whether this role may do `permission`.
    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }
}
