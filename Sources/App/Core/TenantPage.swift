import Foundation
import Hummingbird

/// Every page and form target inside a tenant. Links, redirects and allow-lists are built from these cases, so no
/// `"/t/…"` string is spelled out anywhere else.
public enum TenantPage: Sendable, Equatable {
    case login, secondFactor, logout
    /// The start page: candidates' dashboard; admin-portal roles are sent on to ``adminHome``.
    case start
    case adminHome
    case accountSecurity, password, confirm, twoFactor, twoFactorDisable, recoveryCodes
    case accountSessions, endOtherSessions
    case endOwnSession(UUID)
    case people
    case invite, permissions, settings, seats, plan, upgradeRequest
    case invitationAction(UUID, InvitationAction)
    /// The link an invited person opens; the token is the secret, so this page is never linked from elsewhere.
    case invitation(String)
    case passwordReset
    /// The link in a reset mail; the token is the secret.
    case passwordResetLink(String)
    case personAction(UUID, PersonAction)
    case sessions
    case endSession(UUID)
    case securityPolicy
    case audit
    case auditEvent(UUID)
    case auditExport, auditVerify
    case questions, newQuestion, questionsBulk, questionsBulkApply, questionsImport, questionsExport, banks, translations, languages
    case question(UUID)
    case bankCategories(UUID)
    case importApply(UUID)
    case questionPage(UUID, QuestionSubpage)
    case questionTranslation(UUID, language: String)
    /// Interview templates (admin) and one template's archive action.
    case templates, newTemplate
    case archiveTemplate(UUID)
    /// A candidate starts an interview from a template; an interview's current question, answer, abandon and result.
    case startInterview(UUID)
    case interview(UUID)
    case interviewAction(UUID, InterviewAction)

    /// What an admin can do to an open invitation.
    public enum InvitationAction: String, Sendable {
        case resend, revoke
    }

    /// What an admin can do to a person from the people page.
    public enum PersonAction: String, Sendable {
        case role
        case unlock
        case reset2FA = "reset-2fa"
        case deactivate
        case reactivate
        case erase
    }

    /// What a candidate does with an interview.
    public enum InterviewAction: String, Sendable {
        case answer, abandon
    }

    /// The pages and actions of one question.
    public enum QuestionSubpage: String, Sendable {
        case edit, history, diff, revert, publish, archive, restore, translations
    }

    /// The path below `/t/{slug}/`.
    public var path: String {
        switch self {
        case .login: "login"
        case .secondFactor: "login/2fa"
        case .logout: "logout"
        case .start: ""
        case .adminHome: "admin"
        case .accountSecurity: "account/security"
        case .password: "account/password"
        case .confirm: "account/confirm"
        case .twoFactor: "account/2fa"
        case .twoFactorDisable: "account/2fa/disable"
        case .recoveryCodes: "account/2fa/recovery-codes"
        case .accountSessions: "account/sessions"
        case .endOtherSessions: "account/sessions/end-others"
        case .endOwnSession(let id): "account/sessions/\(id.uuidString.lowercased())/end"
        case .people: "admin/people"
        case .invite: "admin/people/invite"
        case .permissions: "admin/people/permissions"
        case .settings: "admin/settings"
        case .seats: "admin/people/seats"
        case .plan: "admin/plan"
        case .upgradeRequest: "admin/plan/upgrade-request"
        case .invitationAction(let id, let action): "admin/invitations/\(id.uuidString.lowercased())/\(action.rawValue)"
        case .templates: "admin/templates"
        case .newTemplate: "admin/templates/new"
        case .archiveTemplate(let id): "admin/templates/\(id.uuidString.lowercased())/archive"
        case .startInterview(let id): "practice/start/\(id.uuidString.lowercased())"
        case .interview(let id): "practice/\(id.uuidString.lowercased())"
        case .interviewAction(let id, let action): "practice/\(id.uuidString.lowercased())/\(action.rawValue)"
        case .invitation(let token): "invitation/\(token)"
        case .passwordReset: "password-reset"
        case .passwordResetLink(let token): "password-reset/\(token)"
        case .personAction(let id, let action): "admin/people/\(id.uuidString.lowercased())/\(action.rawValue)"
        case .sessions: "admin/sessions"
        case .endSession(let id): "admin/sessions/\(id.uuidString.lowercased())/end"
        case .securityPolicy: "admin/security"
        case .audit: "admin/audit"
        case .auditEvent(let id): "admin/audit/\(id.uuidString.lowercased())"
        case .auditExport: "admin/audit/export"
        case .auditVerify: "admin/audit/verify"
        case .questions: "admin/questions"
        case .newQuestion: "admin/questions/new"
        case .questionsBulk: "admin/questions/bulk"
        case .questionsBulkApply: "admin/questions/bulk/apply"
        case .questionsImport: "admin/questions/import"
        case .questionsExport: "admin/questions/export"
        case .banks: "admin/banks"
        case .translations: "admin/translations"
        case .languages: "admin/translations/languages"
        case .importApply(let id): "admin/questions/import/\(id.uuidString.lowercased())/apply"
        case .bankCategories(let id): "admin/banks/\(id.uuidString.lowercased())/categories"
        case .question(let id): "admin/questions/\(id.uuidString.lowercased())"
        case .questionPage(let id, let page): "admin/questions/\(id.uuidString.lowercased())/\(page.rawValue)"
        case .questionTranslation(let id, let language): "admin/questions/\(id.uuidString.lowercased())/translations/\(language)"
        }
    }

    /// The absolute path in `tenant`, with an optional query (values are encoded).
    public func href(_ slug: String, query: [(String, String)] = []) -> String {
        "/t/\(slug)/\(path)" + (query.isEmpty ? "" : "?" + query.queryString)
    }

    /// The same with a notice for the page to show after a redirect.
    public func href(_ slug: String, notice: Notice) -> String { href(slug, query: [(notice.rawValue, "1")]) }

    /// Whether `path` (as requested) is this page of `slug`, or below it.
    public func contains(_ requested: String, slug: String) -> Bool { requested.hasPrefix(href(slug)) }
}

/// The messages a page can show after a redirect: a closed set, so no query text is ever echoed into a page.
public enum Notice: String, Sendable, CaseIterable {
    case signedOut = "signed_out"
    case expired
    case saved
    case verified
    case unlocked, reset, deactivated, reactivated
    case passwordChanged = "password_changed"
    case twoFactorEnabled = "2fa_enabled"
    case twoFactorDisabled = "2fa_disabled"
    case confirmed
    case recoveryUsed = "recovery_used"
    case required
    case questionCreated = "created"
    case versionSaved = "version_saved"
    case unchanged
    case published, archived, restored
    case reverted
    case translationSaved = "translation_saved"
    case bulkDone = "bulk_done"
    case invitationRevoked = "invitation_revoked"
    case roleChanged = "role_changed"
    case erased
    case templateSaved = "template_saved"
    case templateArchived = "template_archived"
    case abandoned
    case choosePassword = "choose_password"
    case passwordReset = "password_reset"
    case settingsSaved = "settings_saved"
    case upgradeRequested = "upgrade_requested"
    case imported
    case bankCreated = "bank_created"
    case categoryCreated = "category_created"
    case languagesSaved = "languages_saved"

    public var message: String {
        switch self {
        case .signedOut: "You have signed out."
        case .expired: "That sign-in took too long or had too many wrong codes. Start again."
        case .saved: "The policy was saved and applies to everyone now."
        case .verified: "The chain was verified just now; the badge shows the result."
        case .unlocked: "The account was unlocked."
        case .reset: "Two-factor authentication was reset and the person's sessions ended."
        case .deactivated: "The person was deactivated and their sessions ended."
        case .reactivated: "The person can sign in again."
        case .passwordChanged: "Your password was changed."
        case .twoFactorEnabled: "Two-factor authentication is on."
        case .twoFactorDisabled: "Two-factor authentication is off."
        case .confirmed: "Thanks, you can go ahead."
        case .recoveryUsed: "You signed in with a recovery code."
        case .required: "Your organisation requires two-factor authentication for your role."
        case .questionCreated: "The question was saved as version 1, a draft. Publish it when candidates may see it."
        case .versionSaved: "A new version was saved. Candidates keep seeing the published version until you publish this one."
        case .unchanged: "Nothing had changed, so no new version was made."
        case .published: "Published: candidates get this version from now on."
        case .archived: "Archived: candidates no longer get this question. Its versions and statistics are kept."
        case .restored: "Restored as a draft."
        case .reverted: "A new version was made from the earlier one; nothing was overwritten."
        case .translationSaved: "The translation was saved."
        case .bulkDone: "Done. Each question that changed has its own event in the audit log."
        case .invitationRevoked: "The invitation was revoked: its link no longer works and its seat is free."
        case .roleChanged: "The role was changed. It applies from the person's next request."
        case .templateSaved: "The template was saved. Candidates can start it from their practice page."
        case .templateArchived: "The template was archived. Interviews already taken keep it."
        case .abandoned: "The interview was abandoned. Its answers so far are kept."
        case .erased: "The person's personal data was deleted. Their answers stay in the statistics under a pseudonym."
        case .choosePassword: "You signed in with a one-time password. Choose your own password to continue."
        case .settingsSaved: "The organisation's settings were saved."
        case .upgradeRequested: "Your request reached the platform operator, who will contact you about a bigger plan."
        case .passwordReset: "Your password was changed and every session of your account was ended. Sign in with the new password."
        case .imported: "The import was applied exactly as the dry run showed."
        case .bankCreated: "The bank was created. Add categories, then questions."
        case .categoryCreated: "The category was added."
        case .languagesSaved: "The languages were saved."
        }
    }
}

extension Request {
    /// The first of `allowed` whose flag is in the query (`?saved=1`), for post/redirect/get confirmations.
    public func notice(_ allowed: Notice...) -> Notice? {
        let query = formQuery
        return allowed.first { query[$0.rawValue] != nil }
    }
}

extension Response {
    /// A 303 to a page of the tenant, optionally with a notice for it to show.
    public static func seeOther(_ page: TenantPage, _ slug: String, notice: Notice? = nil) -> Response {
        .redirect(to: notice.map { page.href(slug, notice: $0) } ?? page.href(slug), type: .normal)
    }
}
