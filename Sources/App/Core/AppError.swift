import Foundation
import Hummingbird

/// Domain errors that become pages with a clear message.
public enum AppError: Error, Equatable {
    case notFound
    case forbidden(String)
    case invalid(String)
    case conflict(String)
    /// Not signed in: go to this tenant's sign-in page.
    case signInRequired(slug: String)
    /// A form arrived without a valid CSRF token or from another origin.
    case csrfRejected
    /// Send the browser elsewhere first (second factor pending, enrolment required, step-up needed).
    case redirect(to: String)

    public var status: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .forbidden, .csrfRejected: .forbidden
        case .invalid: .unprocessableContent
        case .conflict: .conflict
        case .signInRequired, .redirect: .seeOther
        }
    }

    public var message: String {
        switch self {
        case .notFound: "The page you asked for does not exist, or you do not have access to it."
        case .forbidden(let message), .invalid(let message), .conflict(let message): message
        case .csrfRejected: "This form has expired or did not come from this site. Go back, reload the page and try again."
        case .signInRequired, .redirect: "Please continue on the next page."
        }
    }
}
