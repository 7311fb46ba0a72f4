import Hummingbird

/// Refuses (403, audited by ``RefusalAuditMiddleware``) anyone whose role lacks the route group's permission, before
/// any handler or step-up runs.
public struct RequirePermission: RouterMiddleware {
    public typealias Context = SignedInContext
    let permission: Permission

    public init(_ permission: Permission) { self.permission = permission }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.user.role.may(permission) else { throw AppError.forbidden(permission.refusal) }
        return try await next(request, context)
    }
}
