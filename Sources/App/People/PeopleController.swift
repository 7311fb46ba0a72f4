import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// The admin's people page: see who can sign in, unlock accounts, reset 2FA, deactivate and reactivate.
public struct PeopleController: Sendable, ServiceController {
    let services: AppServices
    let people = PeopleRepository()
    let sessions = SessionRepository()
    public static let pageSize = 50

    public func addRoutes(to routes: PermittedRoutes) {
        // The permission is checked before any handler runs, so a refusal is a 403 and never a detour via step-up.
        routes.require(.managePeople)
            .get("admin/people", use: self.list)
            .post("admin/people/:id/unlock", use: self.unlock)
            .post("admin/people/:id/reset-2fa", use: self.resetTwoFactor)
            .post("admin/people/:id/deactivate", use: self.deactivate)
            .post("admin/people/:id/reactivate", use: self.reactivate)
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let after = request.formQuery["after"]
        let tenantID = context.tenant.id
        let page = try await database.withTenant(tenantID, logger: context.logger) { db in
            try await people.page(afterEmail: after, limit: Self.pageSize, in: db)
        }
        let now = self.now()
        let slug = context.tenant.slug
        let model = PeoplePage(
            chrome: Chrome(title: "People", context: context, section: "people"),
            rows: page.rows.map { row in
                let locked = (row.lockedUntil ?? .distantPast) > now
                let actionable = row.user.id != context.user.id && (context.user.role == .owner || row.user.role != .owner)
                return PersonView(
                    name: row.user.name,
                    email: row.user.email,
                    role: row.user.role.label,
                    status: row.user.status.rawValue,
                    active: row.user.status == .active,
                    twoFactor: row.user.totpEnabled ? "On" : "Off",
                    locked: locked,
                    lockedUntil: row.lockedUntil.map { UTCFormat.time.string(from: $0) + " UTC" } ?? "",
                    canAct: actionable,
                    canReset: actionable && row.user.totpEnabled,
                    unlockAction: TenantPage.personAction(row.user.id, .unlock).href(slug),
                    resetAction: TenantPage.personAction(row.user.id, .reset2FA).href(slug),
                    deactivateAction: TenantPage.personAction(row.user.id, .deactivate).href(slug),
                    reactivateAction: TenantPage.personAction(row.user.id, .reactivate).href(slug),
                    historyHref: TenantPage.audit.href(slug, query: [("target_type", "user"), ("target", row.user.id.uuidString)])
                )
            },
            hasRows: !page.rows.isEmpty,
            nextHref: page.hasMore ? page.rows.last.map { TenantPage.people.href(slug, query: [("after", $0.user.email)]) } : nil,
            firstHref: after == nil ? nil : TenantPage.people.href(slug),
            notice: request.notice(.unlocked, .reset, .deactivated, .reactivated)?.message,
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }

    @Sendable func unlock(_ request: Request, context: SignedInContext) async throws -> Response {
        try await act(request, context, action: .accountUnlocked, done: .unlocked) { person, db in
            try await people.unlock(id: person.user.id, in: db)
            return ([:], [:])
        }
    }

    @Sendable func resetTwoFactor(_ request: Request, context: SignedInContext) async throws -> Response {
        try StepUp.require(context, now: now(), returnTo: .people)
        return try await act(request, context, action: .twoFactorReset, done: .reset) { person, db in
            try await twoFactor.disable(userID: person.user.id, in: db)
            try await sessions.revokeAll(userID: person.user.id, in: db)
            return (["two_factor": person.user.totpEnabled ? "totp" : "off"], ["two_factor": "off"])
        }
    }

    @Sendable func deactivate(_ request: Request, context: SignedInContext) async throws -> Response {
        try await act(request, context, action: .userDeactivated, done: .deactivated) { person, db in
            try await people.setStatus(id: person.user.id, status: .deactivated, in: db)
            try await sessions.revokeAll(userID: person.user.id, in: db)
            return (["status": person.user.status.rawValue], ["status": "deactivated"])
        }
    }

    @Sendable func reactivate(_ request: Request, context: SignedInContext) async throws -> Response {
        try await act(request, context, action: .userReactivated, done: .reactivated) { person, db in
            try await people.setStatus(id: person.user.id, status: .active, in: db)
            return (["status": person.user.status.rawValue], ["status": "active"])
        }
    }

    /// Loads the person named in the URL (404 unless in this tenant), checks the actor may act on them, applies `change`
    /// and records the event, all in one transaction.
    private func act(
        _ request: Request,
        _ context: SignedInContext,
        action: AuditAction,
        done: Notice,
        _ change: (PersonRow, TenantConnection) async throws -> (before: [String: String], after: [String: String])
    ) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let tenantID = context.tenant.id
        try await database.withTenant(tenantID, logger: context.logger) { db in
            guard let person = try await people.find(id: id, in: db) else { throw AppError.notFound }
            guard person.user.id != context.user.id else { throw AppError.forbidden("You cannot do that to your own account; ask another admin.") }
            guard context.user.role == .owner || person.user.role != .owner else {
                throw AppError.forbidden("Only an owner can change another owner's account.")
            }
            let (before, after) = try await change(person, db)
            try await context.record(
                context.auditEvent(
                    action,
                    request,
                    targetType: "user",
                    targetID: person.user.id.uuidString,
                    targetLabel: person.user.email,
                    before: before.isEmpty ? nil : before,
                    after: after.isEmpty ? nil : after
                ),
                in: db
            )
        }
        return .seeOther(.people, context.tenant.slug, notice: done)
    }
}
