import Foundation
import Hummingbird
import Logging

/// "Your sessions" for everyone and the tenant-wide sessions page for owners and admins.
public struct SessionsController: Sendable, ServiceController {
    let services: AppServices
    let sessions = SessionRepository()

    @Sendable func mine(_ request: Request, context: SignedInContext) async throws -> Response {
        try await render(context, everyone: false, notice: Self.endedNotice(request))
    }

    @Sendable func all(_ request: Request, context: SignedInContext) async throws -> Response {
        try await render(context, everyone: true, notice: Self.endedNotice(request))
    }

    /// "Ended 3 sessions." from `?ended=3`; only a number is ever shown.
    static func endedNotice(_ request: Request) -> String? {
        request.formQuery["ended"].flatMap { Int($0) }.map { "Ended \($0) \($0 == 1 ? "session" : "sessions")." }
    }

    @Sendable func endMine(_ request: Request, context: SignedInContext) async throws -> Response {
        try await end(request, context, ownedBy: context.user.id)
        return .redirect(to: TenantPage.accountSessions.href(context.tenant.slug, query: [("ended", "1")]), type: .normal)
    }

    @Sendable func endAny(_ request: Request, context: SignedInContext) async throws -> Response {
        try await end(request, context, ownedBy: nil)
        return .redirect(to: TenantPage.sessions.href(context.tenant.slug, query: [("ended", "1")]), type: .normal)
    }

    @Sendable func endOthers(_ request: Request, context: SignedInContext) async throws -> Response {
        let tenantID = context.tenant.id
        let ended = try await database.withTenant(tenantID, logger: context.logger) { db in
            let ended = try await sessions.revokeAll(userID: context.user.id, except: context.sessionID, in: db)
            try await context.record(
                context.auditEventAboutSelf(.sessionEnded, request, details: ["scope": "all other sessions", "count": String(ended)]),
                in: db
            )
            return ended
        }
        return .redirect(to: TenantPage.accountSessions.href(context.tenant.slug, query: [("ended", String(ended))]), type: .normal)
    }

    /// Ends the session named in the URL; it must belong to this tenant (and to `ownedBy`, if given) or the answer is 404.
    private func end(_ request: Request, _ context: SignedInContext, ownedBy userID: UUID?) async throws {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let tenantID = context.tenant.id
        let ended = try await database.withTenant(tenantID, logger: context.logger) { db in
            if userID == nil, context.user.role != .owner,
                try await sessions.holderRole(sessionID: id, in: db) == .owner
            {
                throw AppError.forbidden("Only an owner can end an owner's session.")
            }
            guard try await sessions.revoke(sessionID: id, ownedBy: userID, in: db) else { return false }
            try await context.record(
                context.auditEvent(
                    .sessionEnded,
                    request,
                    targetType: "session",
                    targetID: id.uuidString,
                    details: ["by": userID == nil ? "admin" : "owner of the session"]
                ),
                in: db
            )
            return true
        }
        guard ended else { throw AppError.notFound }
    }

    private func render(_ context: SignedInContext, everyone: Bool, notice: String?) async throws -> Response {
        let tenantID = context.tenant.id
        let now = self.now()
        let live = try await database.withTenant(tenantID, logger: context.logger) { db in
            try await sessions.live(userID: everyone ? nil : context.user.id, now: now, in: db)
        }
        let slug = context.tenant.slug
        let rows = live.map { session in
            SessionRow(
                person: "\(session.name) (\(session.email))",
                device: DeviceName.describe(session.userAgent),
                ip: session.ip ?? "unknown",
                created: UTCFormat.time.string(from: session.createdAt),
                lastSeen: UTCFormat.time.string(from: session.lastSeenAt),
                current: session.id == context.sessionID,
                canEnd: session.id != context.sessionID && (!everyone || context.user.role == .owner || session.role != .owner),
                pending: !session.mfaPassed && session.userID == context.user.id && context.user.totpEnabled,
                endAction: (everyone ? TenantPage.endSession(session.id) : .endOwnSession(session.id)).href(slug)
            )
        }
        let model = SessionsPage(
            chrome: Chrome(title: everyone ? "Sessions" : "Your sessions", context: context, section: everyone ? "sessions" : "account"),
            heading: everyone ? "Active sessions in \(context.tenant.name)" : "Your sessions",
            everyone: everyone,
            rows: rows,
            hasRows: !rows.isEmpty,
            notice: notice,
            endOthersAction: everyone ? nil : TenantPage.endOtherSessions.href(slug),
            hasOthers: rows.contains { !$0.current },
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }
}
