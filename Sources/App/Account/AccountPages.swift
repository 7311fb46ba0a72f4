import Foundation

// Each page's view model and the template it renders with.

struct SessionRow {
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

struct SessionsPage {
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

struct TwoFactorSetupPage {
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

struct RecoveryCodesPage {
    let chrome: Chrome
    let codes: [String]
    let fresh: Bool
    let continueHref: String
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
