import Foundation

/// Who is acting and from where, so a domain type used by both the server and `tenantctl` can write its own events.
public struct AuditSource: Sendable {
    public let actor: AuditActor
    public let ip: String?
    public let userAgent: String?
    public let requestID: String?

    public init(actor: AuditActor, ip: String? = nil, userAgent: String? = nil, requestID: String? = nil) {
        self.actor = actor
        self.ip = ip
        self.userAgent = userAgent
        self.requestID = requestID
    }

    /// An event by this actor about one target.
    public func event(
        _ action: AuditAction,
        targetType: String,
        targetID: UUID,
        targetLabel: String,
        details: [String: String] = [:],
        before: [String: String]? = nil,
        after: [String: String]? = nil
    ) -> AuditEvent {
        AuditEvent(
            action: action,
            actor: actor,
            targetType: targetType,
            targetID: targetID.uuidString,
            targetLabel: targetLabel,
            ip: ip,
            userAgent: userAgent,
            requestID: requestID,
            details: details,
            before: before,
            after: after
        )
    }
}
