import Foundation
import Hummingbird

/// Domain errors that become pages with a clear message.
public enum AppError: Error, Equatable {
    /// The request itself is malformed (a broken form or query, a control byte where none belongs).
    case badRequest
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
        case .badRequest: .badRequest
        case .notFound: .notFound
        case .forbidden, .csrfRejected: .forbidden
        case .invalid: .unprocessableContent
        case .conflict: .conflict
        case .signInRequired, .redirect: .seeOther
        }
    }

    public var message: String {
        switch self {
        case .badRequest: "The request could not be understood: a form or link held characters that are not allowed. Go back and try again."
        case .notFound: "The page you asked for does not exist, or you do not have access to it."
        case .forbidden(let message), .invalid(let message), .conflict(let message): message
        case .csrfRejected: "This form has expired or did not come from this site. Go back, reload the page and try again."
        case .signInRequired, .redirect: "Please continue on the next page."
        }
    }
}
