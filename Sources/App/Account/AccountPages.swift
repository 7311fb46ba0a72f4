import Foundation

// Each page's view model and the template it renders with.

struct SessionRow: Encodable {
    let person: String
    let device: String
    let ip: String
    let created: String
    let lastSeen: String
    let current: Bool
    let canEnd: Bool
    let pending: Bool
    let endAction: String
}

struct SessionsPage: Encodable {
    let chrome: Chrome
    let heading: String
    let everyone: Bool
    let rows: [SessionRow]
    let hasRows: Bool
    let notice: String?
    let endOthersAction: String?
    let hasOthers: Bool
    let csrfToken: String
}

struct TwoFactorSetupPage: Encodable {
    let chrome: Chrome
    let required: Bool
    /// SVG built by ``QRCode``; safe to embed unescaped.
    let qrSVG: String
    let key: String
    let uri: String
    let action: String
    /// The sealed secret the form sends back.
    let offer: String
    let error: String?
    let csrfToken: String
}

struct RecoveryCodesPage: Encodable {
    let chrome: Chrome
    let codes: [String]
    let fresh: Bool
    let continueHref: String
}

struct FailureRow: Encodable {
    let time: String
    let ip: String
    let device: String
    let reason: String
}

struct SecurityOverviewPage: Encodable {
    let chrome: Chrome
    let notice: String?
    let twoFactorEnabled: Bool
    let twoFactorRequired: Bool
    let deadline: String?
    let recoveryRemaining: Int
    let recoveryLastUsed: String?
    let setupHref: String
    let disableAction: String
    let regenerateAction: String
    let passwordHref: String
    let sessionsHref: String
    let failures: [FailureRow]
    let hasFailures: Bool
    let csrfToken: String
}

struct PasswordPage: Encodable {
    let chrome: Chrome
    let notice: String?
    let action: String
    let problems: [String]
    let hasProblems: Bool
    /// What is wrong with each field, shown next to it; nil marks the field as fine.
    let currentProblem: String?
    let newProblem: String?
    let confirmProblem: String?
    let endOthers: Bool
    let minimum: Int
    let maximum: Int
    let csrfToken: String
}

struct ConfirmPage: Encodable {
    let chrome: Chrome
    let action: String
    let next: String
    let error: String?
    let acceptsCode: Bool
    let csrfToken: String
}

extension SessionsPage: Page {
    static let template = "account/sessions"
}

extension SecurityOverviewPage: Page {
    static let template = "account/security"
}

extension PasswordPage: Page {
    static let template = "account/password"
}

extension ConfirmPage: Page {
    static let template = "account/confirm"
}

extension TwoFactorSetupPage: Page {
    static let template = "account/two-factor-setup"
}

extension RecoveryCodesPage: Page {
    static let template = "account/recovery-codes"
}
