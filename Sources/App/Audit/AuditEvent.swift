import Foundation

/// Every action the audit log knows; one catalogue so filters and reports agree.
public enum AuditAction: String, Sendable, CaseIterable {
    case tenantCreated = "tenant.created"
    case tenantSuspended = "tenant.suspended"
    case tenantResumed = "tenant.resumed"
    /// An operator read the tenant's details with `tenantctl tenant show`.
    case tenantViewed = "tenant.viewed_by_operator"
    case userCreated = "user.created"
    case userPasswordReset = "user.password_reset"
    case signInSucceeded = "auth.sign_in"
    case signInFailed = "auth.sign_in_failed"
    case accountLocked = "auth.account_locked"
    case signedOut = "auth.sign_out"
    case csrfRejected = "security.csrf_rejected"
    case accessDenied = "security.access_denied"
}

/// Whether the recorded action happened.
public enum AuditOutcome: String, Sendable {
    case success, failure, denied
}

/// One event to append to a tenant's hash-chained audit log.
public struct AuditEvent: Sendable {
    public var action: AuditAction
    public var outcome: AuditOutcome
    public var actorUserID: UUID?
    public var actorLabel: String
    public var targetType: String?
    public var targetID: String?
    public var targetLabel: String?
    public var ip: String?
    public var userAgent: String?
    public var requestID: String?
    /// Extra facts as a flat JSON object; never a secret.
    public var details: [String: String]

    public init(
        action: AuditAction,
        outcome: AuditOutcome = .success,
        actorUserID: UUID? = nil,
        actorLabel: String,
        targetType: String? = nil,
        targetID: String? = nil,
        targetLabel: String? = nil,
        ip: String? = nil,
        userAgent: String? = nil,
        requestID: String? = nil,
        details: [String: String] = [:]
    ) {
        self.action = action
        self.outcome = outcome
        self.actorUserID = actorUserID
        self.actorLabel = actorLabel
        self.targetType = targetType
        self.targetID = targetID
        self.targetLabel = targetLabel
        self.ip = ip
        self.userAgent = userAgent
        self.requestID = requestID
        self.details = details
    }

    /// `details` as JSON text with sorted keys.
    public var detailsJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(details), as: UTF8.self)) ?? "{}"
    }
}
