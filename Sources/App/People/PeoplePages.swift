import Foundation

// Each page's view model and the template it renders with.

struct PersonView: Encodable, TemplateDirect {
    let name: String
    let email: String
    let role: String
    let status: String
    let active: Bool
    let twoFactor: String
    /// The day of the last completed sign-in, or "never".
    let lastSignIn: String
    let locked: Bool
    let lockedUntil: String
    let canAct: Bool
    let canReset: Bool
    /// Personal data deleted: only the history stays.
    let erased: Bool
    /// The confirmation page for deleting a candidate's personal data; nil for staff and erased people.
    let eraseHref: String?
    /// A candidate's practice progress; nil for staff.
    let progressHref: String?
    let unlockAction: String
    let resetAction: String
    let deactivateAction: String
    let reactivateAction: String
    let roleAction: String
    /// The roles this person may be given by the viewer (owners only by owners), with theirs selected.
    let roleOptions: [Option]
    let historyHref: String

    var templateValue: TemplateValue {
        let node = TemplateNode(capacity: 21)
        node.append("name", .text(name))
        node.append("email", .text(email))
        node.append("role", .text(role))
        node.append("status", .text(status))
        node.append("active", .flag(active))
        node.append("twoFactor", .text(twoFactor))
        node.append("lastSignIn", .text(lastSignIn))
        node.append("locked", .flag(locked))
        node.append("lockedUntil", .text(lockedUntil))
        node.append("canAct", .flag(canAct))
        node.append("canReset", .flag(canReset))
        node.append("erased", .flag(erased))
        node.append("eraseHref", eraseHref)
        node.append("progressHref", progressHref)
        node.append("unlockAction", .text(unlockAction))
        node.append("resetAction", .text(resetAction))
        node.append("deactivateAction", .text(deactivateAction))
        node.append("reactivateAction", .text(reactivateAction))
        node.append("roleAction", .text(roleAction))
        node.append("roleOptions", roleOptions.templateValue)
        node.append("historyHref", .text(historyHref))
        return .node(node)
    }
}

/// An open invitation on the people page.
struct InvitationView: Encodable {
    let email: String
    let role: String
    let invitedBy: String
    let expires: String
    let expired: Bool
    let resendAction: String
    let revokeAction: String
}

struct PeoplePage: Encodable {
    let chrome: Chrome
    /// "12 of 50 seats taken: 10 people, 2 open invitations".
    let seats: String
    let seatWarning: String?
    let seatsHref: String
    let inviteHref: String
    let permissionsHref: String
    let settingsHref: String
    let planHref: String
    let invitations: [InvitationView]
    let hasInvitations: Bool
    let rows: [PersonView]
    let hasRows: Bool
    let nextHref: String?
    let firstHref: String?
    /// "12 people" or "3 people match the filter".
    let total: String
    let search: String
    let roles: [Option]
    let statuses: [Option]
    let twoFactorOptions: [Option]
    let activities: [Option]
    let sorts: [Option]
    let narrowed: Bool
    let clearHref: String
    let notice: String?
    let csrfToken: String
}

struct RoleChoice: Encodable {
    let name: String
    let label: String
    let checked: Bool
}

struct SecurityPolicyPage: Encodable {
    let chrome: Chrome
    let roles: [RoleChoice]
    let fields: [SecurityPolicyController.NumberField]
    let problems: [String]
    let hasProblems: Bool
    let notice: String?
    let action: String
    let acceptsCode: Bool
    let confirmError: Bool
    /// Set when the page asks to confirm who a new 2FA requirement affects; posted back to confirm it.
    let affectedConfirmation: String?
    let csrfToken: String
}

extension PeoplePage: Page {
    static let template = "people/list"
}

extension SecurityPolicyPage: Page {
    static let template = "people/security"
}
