import Foundation

/// Every action the audit log knows; one catalogue so filters and reports agree.
public enum AuditAction: String, Sendable, CaseIterable {
    case tenantCreated = "tenant.created"
    case tenantSuspended = "tenant.suspended"
    case tenantResumed = "tenant.resumed"
    /// An operator read the tenant's details with `tenantctl tenant show`.
    case tenantViewed = "tenant.viewed_by_operator"
    case planChanged = "tenant.plan_changed"
    case upgradeRequested = "tenant.upgrade_requested"
    case subscriptionChanged = "tenant.subscription_changed"
    case userCreated = "user.created"
    case userPasswordReset = "user.password_reset"
    case signInSucceeded = "auth.sign_in"
    case passwordAccepted = "auth.password_accepted"
    case secondFactorFailed = "auth.second_factor_failed"
    case recoveryCodeUsed = "auth.recovery_code_used"
    case passwordChanged = "auth.password_changed"
    case reauthenticated = "auth.reauthenticated"
    case twoFactorEnabled = "auth.two_factor_enabled"
    case twoFactorDisabled = "auth.two_factor_disabled"
    case twoFactorReset = "auth.two_factor_reset"
    case recoveryCodesRegenerated = "auth.recovery_codes_regenerated"
    case sessionEnded = "auth.session_ended"
    /// Sessions and sign-in attempts past the retention period deleted (``SignInRecordPurger``).
    case signInRecordsPurged = "auth.sign_in_records_purged"
    case accountUnlocked = "user.unlocked"
    case userDeactivated = "user.deactivated"
    case userReactivated = "user.reactivated"
    case userRoleChanged = "user.role_changed"
    case userErased = "user.erased"
    case invitationCreated = "user.invited"
    case invitationResent = "user.invitation_resent"
    case invitationRevoked = "user.invitation_revoked"
    case invitationAccepted = "user.invitation_accepted"
    case passwordResetRequested = "user.password_reset_requested"
    case passwordResetByLink = "user.password_reset_by_link"
    case securityPolicyChanged = "tenant.security_policy_changed"
    case settingsChanged = "tenant.settings_changed"
    case signInFailed = "auth.sign_in_failed"
    case accountLocked = "auth.account_locked"
    case signedOut = "auth.sign_out"
    case csrfRejected = "security.csrf_rejected"
    case accessDenied = "security.access_denied"
    /// A signed-in person asked for another organisation's URL or an id that is not in theirs (rate-limited).
    case notFoundProbe = "security.not_found"
    case auditRead = "audit.read"
    case auditExported = "audit.exported"
    case auditVerified = "audit.verified"
    case auditPruned = "audit.pruned"
    case bankCreated = "bank.created"
    case templateCreated = "template.created"
    case templateArchived = "template.archived"
    case templateAudienceChanged = "template.audience_changed"
    case templateAssigned = "template.assigned"
    case templateUnassigned = "template.unassigned"
    case categoryCreated = "bank.category_created"
    case questionsImported = "bank.imported"
    case questionCreated = "question.created"
    case questionEdited = "question.edited"
    case questionPublished = "question.published"
    case questionArchived = "question.archived"
    case questionRestored = "question.restored"
    case questionReverted = "question.reverted"
    case questionMoved = "question.moved"
    case questionTagged = "question.tagged"
    case translationSaved = "question.translation_saved"
    case translationReviewed = "question.translation_reviewed"
    case languagesChanged = "tenant.languages_changed"

    /// A short sentence for people reading the log.
    public var summary: String {
        switch self {
        case .tenantCreated: "Organisation created"
        case .planChanged: "Plan changed by the operator"
        case .upgradeRequested: "Bigger plan requested"
        case .subscriptionChanged: "Subscription changed by the operator"
        case .tenantSuspended: "Organisation suspended"
        case .tenantResumed: "Organisation resumed"
        case .tenantViewed: "Operator viewed the organisation"
        case .userCreated: "User created"
        case .userRoleChanged: "Role changed"
        case .userErased: "Personal data deleted"
        case .invitationCreated: "Person invited"
        case .invitationResent: "Invitation sent again (the old link stopped working)"
        case .invitationRevoked: "Invitation revoked"
        case .invitationAccepted: "Invitation accepted"
        case .passwordResetRequested: "Password reset link sent"
        case .passwordResetByLink: "Password reset with an emailed link (other sessions ended)"
        case .userPasswordReset: "Password reset"
        case .signInSucceeded: "Signed in"
        case .passwordAccepted: "Password accepted, second factor pending"
        case .secondFactorFailed: "Wrong second-factor code"
        case .recoveryCodeUsed: "Recovery code used"
        case .passwordChanged: "Password changed"
        case .reauthenticated: "Identity confirmed again"
        case .twoFactorEnabled: "Two-factor authentication enabled"
        case .twoFactorDisabled: "Two-factor authentication disabled"
        case .twoFactorReset: "Two-factor authentication reset by an admin"
        case .recoveryCodesRegenerated: "Recovery codes regenerated"
        case .sessionEnded: "Session ended"
        case .signInRecordsPurged: "Old sessions and sign-in attempts deleted"
        case .accountUnlocked: "Account unlocked"
        case .userDeactivated: "User deactivated"
        case .userReactivated: "User reactivated"
        case .securityPolicyChanged: "Security policy changed"
        case .settingsChanged: "Organisation settings changed"
        case .signInFailed: "Sign-in failed"
        case .accountLocked: "Account locked"
        case .signedOut: "Signed out"
        case .csrfRejected: "Form rejected (CSRF)"
        case .accessDenied: "Access denied"
        case .notFoundProbe: "Asked for a page of another organisation, or one that does not exist"
        case .auditRead: "Audit log read"
        case .auditExported: "Audit log exported"
        case .auditVerified: "Audit chain verified"
        case .auditPruned: "Old audit events pruned"
        case .bankCreated: "Question bank created"
        case .templateCreated: "Interview template created"
        case .templateArchived: "Interview template archived"
        case .templateAudienceChanged: "Interview template's audience changed"
        case .templateAssigned: "Interview template assigned to candidates"
        case .templateUnassigned: "Candidate removed from an interview template"
        case .categoryCreated: "Question category created"
        case .questionsImported: "Questions imported"
        case .questionCreated: "Question created"
        case .questionEdited: "Question edited (new version)"
        case .questionPublished: "Question published"
        case .questionArchived: "Question archived"
        case .questionRestored: "Question restored from the archive"
        case .questionReverted: "Question reverted to an earlier version"
        case .questionMoved: "Question moved to another category"
        case .questionTagged: "Question tagged"
        case .translationSaved: "Translation saved"
        case .translationReviewed: "Translation marked reviewed"
        case .languagesChanged: "Languages changed"
        }
    }
}

/// Whether the recorded action happened.
public enum AuditOutcome: String, Sendable, CaseIterable {
    case success, failure, denied
}

/// Who did something, as they were at that moment (the snapshot survives renames and deletion).
public struct AuditActor: Sendable {
    public var userID: UUID?
    public var label: String
    public var email: String?
    public var name: String?
    public var role: String?

    public init(userID: UUID? = nil, label: String, email: String? = nil, name: String? = nil, role: String? = nil) {
        self.userID = userID
        self.label = label
        self.email = email
        self.name = name
        self.role = role
    }

    /// A signed-in user.
    public static func user(_ user: User) -> AuditActor {
        AuditActor(userID: user.id, label: user.email, email: user.email, name: user.name, role: user.role.rawValue)
    }
}

/// One event to append to a tenant's hash-chained audit log.
public struct AuditEvent: Sendable {
    public var action: AuditAction
    public var outcome: AuditOutcome
    public var actor: AuditActor
    public var targetType: String?
    public var targetID: String?
    public var targetLabel: String?
    public var ip: String?
    public var userAgent: String?
    public var requestID: String?
    /// Extra facts as a flat JSON object; never a secret.
    public var details: [String: String]
    /// Values before and after a change; secrets are redacted when the event is built.
    public var before: [String: String]?
    public var after: [String: String]?

    public init(
        action: AuditAction,
        outcome: AuditOutcome = .success,
        actor: AuditActor,
        targetType: String? = nil,
        targetID: String? = nil,
        targetLabel: String? = nil,
        ip: String? = nil,
        userAgent: String? = nil,
        requestID: String? = nil,
        details: [String: String] = [:],
        before: [String: String]? = nil,
        after: [String: String]? = nil
    ) {
        self.action = action
        self.outcome = outcome
        self.actor = actor
        self.targetType = targetType
        self.targetID = targetID
        self.targetLabel = targetLabel
        self.ip = ip
        self.userAgent = userAgent
        self.requestID = requestID
        self.details = Self.redact(details)
        self.before = before.map(Self.redact)
        self.after = after.map(Self.redact)
    }

    /// Keys whose values are never written to the log.
    static let secretMarkers = ["password", "secret", "token", "totp", "recovery", "hash", "key", "code"]

    /// Replaces the value of every key that names a secret.
    public static func redact(_ values: [String: String]) -> [String: String] {
        values.reduce(into: [:]) { result, pair in
            let key = pair.key.lowercased()
            result[pair.key] = secretMarkers.contains { key.contains($0) } ? "[redacted]" : pair.value
        }
    }

    /// `values` as JSON text with sorted keys.
    public static func json(_ values: [String: String]?) -> String? {
        guard let values else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(values), as: UTF8.self)) ?? "{}"
    }

    public var detailsJSON: String { Self.json(details) ?? "{}" }
}
