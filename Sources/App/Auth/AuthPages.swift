import Foundation

// Each page's view model and the template it renders with.

/// The sign-in page.
struct LoginPage: Encodable {
    let chrome: Chrome
    let tenantName: String
    let action: String
    let resetHref: String
    let email: String
    let error: String?
    let notice: String?
    let suspended: Bool
    let csrfToken: String
}

/// The second step of sign-in.
struct SecondFactorPage: Encodable {
    let chrome: Chrome
    let tenantName: String
    let action: String
    let logoutAction: String
    let error: String?
    let csrfToken: String
}

extension LoginPage: Page {
    static let template = "auth/login"
}

extension SecondFactorPage: Page {
    static let template = "auth/second-factor"
}
