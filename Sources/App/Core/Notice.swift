import Foundation
import Hummingbird

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
    case templateAudienceSaved = "template_audience_saved"
    case templateAssigned = "template_assigned"
    case templateUnassigned = "template_unassigned"
    case abandoned
    case choosePassword = "choose_password"
    case passwordReset = "password_reset"
    case settingsSaved = "settings_saved"
    case upgradeRequested = "upgrade_requested"
    case imported
    case bankCreated = "bank_created"
    case categoryCreated = "category_created"
    case languagesSaved = "languages_saved"
    case preferencesSaved = "preferences_saved"

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
        case .preferencesSaved: "Your preferences were saved."
        case .roleChanged: "The role was changed. It applies from the person's next request."
        case .templateSaved: "The template was saved. Candidates can start it from their practice page."
        case .templateArchived: "The template was archived. Interviews already taken keep it."
        case .templateAudienceSaved: "The audience was saved. Candidates see the change on their next page."
        case .templateAssigned: "The candidates are assigned to this template."
        case .templateUnassigned: "The candidate was removed from this template. Interviews they already took are kept."
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
