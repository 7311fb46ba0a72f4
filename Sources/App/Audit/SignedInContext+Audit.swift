import Foundation
import Hummingbird
import PostgresNIO

extension SignedInContext {
    /// An event by the signed-in user with this request's address, browser and id filled in.
    public func auditEvent(
        _ action: AuditAction,
        _ request: Request,
        outcome: AuditOutcome = .success,
        targetType: String? = nil,
        targetID: String? = nil,
        targetLabel: String? = nil,
        details: [String: String] = [:],
        before: [String: String]? = nil,
        after: [String: String]? = nil
    ) -> AuditEvent {
        AuditEvent(
            action: action,
            outcome: outcome,
            actor: .user(user),
            targetType: targetType,
            targetID: targetID,
            targetLabel: targetLabel,
            ip: clientIP,
            userAgent: request.headers[.userAgent],
            requestID: requestID,
            details: details,
            before: before,
            after: after
        )
    }

    /// The same, about the signed-in user's own account.
    public func auditEventAboutSelf(
        _ action: AuditAction,
        _ request: Request,
        outcome: AuditOutcome = .success,
        details: [String: String] = [:],
        before: [String: String]? = nil,
        after: [String: String]? = nil
    ) -> AuditEvent {
        auditEvent(
            action,
            request,
            outcome: outcome,
            targetType: "user",
            targetID: user.id.uuidString,
            targetLabel: user.email,
            details: details,
            before: before,
            after: after
        )
    }

    /// This person and this request, for domain types that record their own events.
    public func auditSource(_ request: Request) -> AuditSource {
        AuditSource(actor: .user(user), ip: clientIP, userAgent: request.headers[.userAgent], requestID: requestID)
    }

    /// Appends `event` to this tenant's log inside the caller's transaction.
    public func record(_ event: AuditEvent, in db: TenantConnection) async throws {
        try await AuditLog().record(event, in: db)
    }
}
