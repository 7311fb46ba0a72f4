import Foundation
import Hummingbird

/// Once a user's 2FA grace period is over, every page but enrolment, step-up and sign-out sends them to enrolment.
public struct TwoFactorEnrolmentMiddleware: RouterMiddleware {
    public typealias Context = SignedInContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity.mustEnrol else { return try await next(request, context) }
        let slug = context.tenant.slug
        let allowed = [TenantPage.twoFactor, .confirm].contains { $0.contains(request.uri.path, slug: slug) }
        if allowed { return try await next(request, context) }
        throw AppError.redirect(to: TenantPage.twoFactor.href(slug, notice: .required))
    }
}
