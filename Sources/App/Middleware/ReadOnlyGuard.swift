import Foundation
import Hummingbird

/// Refuses a change while the tenant is read-only (subscription ended, suspended, payment overdue past its grace, or
/// over a plan limit), with a page that says why. Routes that fix the situation or keep accounts secure are
/// registered without it (see ``PermittedRoutes/Group/post(_:whileReadOnly:use:)``).
public struct ReadOnlyGuard: RouterMiddleware {
    public typealias Context = SignedInContext
    let now: @Sendable () -> Date

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let reason = context.tenant.subscription.readOnlyReason(at: now(), tenant: context.tenant.name) {
            throw AppError.conflict("This change was not made. \(reason)")
        }
        return try await next(request, context)
    }
}
