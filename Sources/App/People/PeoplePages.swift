import Foundation

// Each page's view model and the template it renders with.

struct PersonView {
    let name: String
    let email: String
    let role: String
    let status: String
    let active: Bool
    let twoFactor: String
    let locked: Bool
    let lockedUntil: String
    let canAct: Bool
    let canReset: Bool
    let unlockAction: String
    let resetAction: String
    let deactivateAction: String
    let reactivateAction: String
    let historyHref: String
}

struct PeoplePage {
    let chrome: Chrome
    let rows: [PersonView]
    let hasRows: Bool
    let nextHref: String?
    let firstHref: String?
    let notice: String?
    let csrfToken: String
}

struct RoleChoice {
    let name: String
    let label: String
    let checked: Bool
}

struct SecurityPolicyPage {
    let chrome: Chrome
    let roles: [RoleChoice]
    let fields: [SecurityPolicyController.NumberField]
    let problems: [String]
    let hasProblems: Bool
    let notice: String?
    let action: String
    let acceptsCode: Bool
    let confirmError: Bool
    let csrfToken: String
}

extension PeoplePage: Page {
    static let template = "people/list"
}

extension SecurityPolicyPage: Page {
    static let template = "people/security"
}
