import Foundation
import Hummingbird

/// Writes `security.csrf_rejected` or `security.access_denied` to the tenant's audit log for every refusal below it, and
/// `security.not_found` (at most once a minute per person) when a signed-in person asks for an id their tenant does
/// not have; then lets the error continue to the error page.
public struct RefusalAuditMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let database: Database

    public init(database: Database) { self.database = database }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as AppError where error.status == .forbidden {
            if let tenant = context.tenant {
                let actor = context.identity.map { AuditActor.user($0.user) } ?? AuditActor(label: "anonymous")
                let event = AuditEvent(
                    action: error == .csrfRejected ? .csrfRejected : .accessDenied,
                    outcome: .denied,
                    actor: actor,
                    ip: context.clientIP,
                    userAgent: request.headers[.userAgent],
                    requestID: context.requestID,
                    details: ["method": request.method.rawValue, "path": String(request.uri.path.prefix(200))]
                )
                try await database.withTenant(tenant.id, logger: context.logger) { db in
                    try await AuditLog().record(event, in: db)
                }
            }
            throw error
        } catch let error as AppError where error == .notFound {
            // A signed-in person asking for an id that is not in their tenant: leave a (rate-limited) trace.
            if let tenant = context.tenant, let identity = context.identity {
                let event = AuditEvent(
                    action: .notFoundProbe,
                    outcome: .denied,
                    actor: .user(identity.user),
                    ip: context.clientIP,
                    userAgent: request.headers[.userAgent],
                    requestID: context.requestID,
                    details: ["method": request.method.rawValue, "path": String(request.uri.path.prefix(200)), "kind": "unknown id"]
                )
                try await database.withTenant(tenant.id, logger: context.logger) { db in
                    try await AuditLog().recordRateLimited(event, in: db)
                }
            }
            throw error
        }
    }
}
