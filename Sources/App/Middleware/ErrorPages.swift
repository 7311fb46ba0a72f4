import Foundation

// Each page's view model and the template it renders with.

/// The view model of every error page.
struct ErrorPage: Encodable {
    let chrome: Chrome
    let status: Int
    let heading: String
    let message: String
    let requestID: String
    /// The tenant's start page; none outside a tenant, where there is no page to go back to.
    let homeHref: String?
}

extension ErrorPage: Page {
    static let template = "error"
}
