import Hummingbird

/// Resolves the `:slug` in `/t/:slug/…` to a tenant, or answers 404.
public struct TenantMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let database: Database

    public init(database: Database) { self.database = database }

    /// The request keeps one pooled connection from here to its end (``Database/withRequestLease(logger:_:)``): the lookup,
    /// the session check and the page borrow it in turn.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let slug = context.parameters.get("slug"), TenantRef.isValidSlug(slug) else { throw AppError.notFound }
        return try await database.withRequestLease(logger: context.logger) {
            guard let tenant = try await database.tenant(slug: slug, logger: context.logger) else { throw AppError.notFound }
            var context = context
            context.tenant = tenant
            return try await next(request, context)
        }
    }
}
