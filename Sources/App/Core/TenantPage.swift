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
    /// A template's completion, score distribution and the candidates it is assigned to.
    case template(UUID)
    case assignTemplate(UUID)
    /// Removing one candidate's assignment, and choosing who may start the template.
    case unassignTemplate(UUID)
    case templateAudience(UUID)
    /// A candidate's progress, as an admin sees it.
    case candidateProgress(UUID)
    /// The signed-in person's time zone and leaderboard choices.
    case preferences
    /// A candidate's past interviews, a page at a time.
    case practiceHistory
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
        case answer, abandon, report
        case pdf = "report.pdf"
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
        case .endOwnSession(let id): "account/sessions/\(id.lowercasedString)/end"
        case .people: "admin/people"
        case .invite: "admin/people/invite"
        case .permissions: "admin/people/permissions"
        case .settings: "admin/settings"
        case .seats: "admin/people/seats"
        case .plan: "admin/plan"
        case .upgradeRequest: "admin/plan/upgrade-request"
        case .invitationAction(let id, let action): "admin/invitations/\(id.lowercasedString)/\(action.rawValue)"
        case .templates: "admin/templates"
        case .newTemplate: "admin/templates/new"
        case .archiveTemplate(let id): "admin/templates/\(id.lowercasedString)/archive"
        case .template(let id): "admin/templates/\(id.lowercasedString)"
        case .assignTemplate(let id): "admin/templates/\(id.lowercasedString)/assign"
        case .unassignTemplate(let id): "admin/templates/\(id.lowercasedString)/unassign"
        case .templateAudience(let id): "admin/templates/\(id.lowercasedString)/audience"
        case .candidateProgress(let id): "admin/people/\(id.lowercasedString)/progress"
        case .preferences: "account/preferences"
        case .practiceHistory: "practice/history"
        case .startInterview(let id): "practice/start/\(id.lowercasedString)"
        case .interview(let id): "practice/\(id.lowercasedString)"
        case .interviewAction(let id, let action): "practice/\(id.lowercasedString)/\(action.rawValue)"
        case .invitation(let token): "invitation/\(token)"
        case .passwordReset: "password-reset"
        case .passwordResetLink(let token): "password-reset/\(token)"
        case .personAction(let id, let action): "admin/people/\(id.lowercasedString)/\(action.rawValue)"
        case .sessions: "admin/sessions"
        case .endSession(let id): "admin/sessions/\(id.lowercasedString)/end"
        case .securityPolicy: "admin/security"
        case .audit: "admin/audit"
        case .auditEvent(let id): "admin/audit/\(id.lowercasedString)"
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
        case .importApply(let id): "admin/questions/import/\(id.lowercasedString)/apply"
        case .bankCategories(let id): "admin/banks/\(id.lowercasedString)/categories"
        case .question(let id): "admin/questions/\(id.lowercasedString)"
        case .questionPage(let id, let page): "admin/questions/\(id.lowercasedString)/\(page.rawValue)"
        case .questionTranslation(let id, let language): "admin/questions/\(id.lowercasedString)/translations/\(language)"
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
