import Hummingbird
import Logging

/// Turns thrown errors into pages: domain errors show their message, an unreachable database a 503 with `Retry-After`,
/// anything unexpected a 500 with the request id.
///
/// Installed twice: at the top of the router for everything, and inside the tenant group after the session is known,
/// so a 403 or 404 there keeps the tenant's header, navigation and sign-out (`tokens` signs that form).
public struct ErrorPageMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let views: Views
    let tokens: CSRFTokens?

    public init(views: Views, tokens: CSRFTokens? = nil) {
        self.views = views
        self.tokens = tokens
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as AppError {
            if case .signInRequired(let slug) = error {
                return Response.seeOther(.login, slug)
            }
            if case .redirect(let target) = error {
                return Response.redirect(to: target, type: .normal)
            }
            return try page(status: error.status, message: error.message, context: context)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            let message: String
            switch error.status {
            case .notFound: message = AppError.notFound.message
            case .methodNotAllowed: message = "That action is not available here."
            case .contentTooLarge:
                message = "What you sent is too large: question files may be up to 20 MB and forms up to 512 KB. Split the file and import the parts."
            default: message = "The request could not be understood. Go back and try again."
            }
            return try page(status: error.status, message: message, context: context)
        } catch {
            if let unavailable = DatabaseUnavailable(error) {
                return try unavailablePage(unavailable, context: context)
            }
            context.logger.error(
                "unhandled error",
                metadata: ["request_id": .string(context.requestID), "error_type": .string(String(reflecting: type(of: error)))]
            )
            return try page(
                status: .internalServerError,
                message: "Something went wrong on our side. If it keeps happening, tell support this reference: \(context.requestID).",
                context: context
            )
        }
    }

    /// Seconds a client is asked to wait after a 503: about how long the pool takes to reconnect after a restart.
    static let retryAfterSeconds = 5
    static let unavailableMessage =
        "The service cannot reach its database at the moment. Wait a few seconds and try again; if you were saving "
        + "something, check whether it was saved before you send it again."

    private func unavailablePage(_ error: DatabaseUnavailable, context: Context) throws -> Response {
        context.logger.warning(
            "Database unavailable; answered 503",
            metadata: ["request_id": .string(context.requestID), "reason": .string(error.reason.rawValue)]
        )
        var response = try page(status: .serviceUnavailable, message: Self.unavailableMessage, context: context)
        response.headers[.retryAfter] = String(Self.retryAfterSeconds)
        return response
    }

    private func page(status: HTTPResponse.Status, message: String, context: Context) throws -> Response {
        let user = context.identity.flatMap { $0.needsSecondFactor ? nil : $0.user }
        let csrfToken = context.csrfToken ?? context.csrfBinding.flatMap { binding in tokens?.token(for: binding) }
        let model = ErrorPage(
            chrome: Chrome(title: status.reasonPhrase, tenant: context.tenant, user: user, csrfToken: csrfToken),
            status: Int(status.code),
            heading: Self.heading(for: status),
            message: message,
            requestID: context.requestID,
            homeHref: context.tenant.map { (user == nil ? TenantPage.login : .start).href($0.slug) }
        )
        return try views.render(model, status: status)
    }

    static func heading(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 403: "You can't do that"
        case 404: "Page not found"
        case 409: "That conflicts with something else"
        case 422: "Please check what you entered"
        case 503: "Back in a moment"
        case 500...: "Something went wrong"
        default: status.reasonPhrase
        }
    }
}
