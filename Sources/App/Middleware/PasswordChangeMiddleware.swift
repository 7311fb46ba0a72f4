import Foundation
import Hummingbird

/// An account still on the one-time password the operator handed over reaches only the password page and sign-out
/// until it chooses its own.
public struct PasswordChangeMiddleware: RouterMiddleware {
    public typealias Context = SignedInContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity.state.mustChangePassword else { return try await next(request, context) }
        let slug = context.tenant.slug
        if [TenantPage.password, .logout].contains(where: { $0.contains(request.uri.path, slug: slug) }) {
            return try await next(request, context)
        }
        throw AppError.redirect(to: TenantPage.password.href(slug, notice: .choosePassword))
    }
}
