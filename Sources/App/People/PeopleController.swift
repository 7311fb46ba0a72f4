import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// The admin's people page: see who can sign in, unlock accounts, reset 2FA, deactivate and reactivate.
public struct PeopleController: Sendable, ServiceController {
    let services: AppServices
    let people = PeopleRepository()
    let sessions = SessionRepository()
    public static let pageSize = ListPage.size

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
        let now = self.now()
        return try await act(request, context, action: .userDeactivated, done: .deactivated) { person, db in
            try await people.setStatus(id: person.user.id, status: .deactivated, in: db)
            try await sessions.revokeAll(userID: person.user.id, in: db)
            try await PlanLimitsRepository().clearOverLimitIfFixed(at: now, in: db)
            return (["status": person.user.status.rawValue], ["status": "deactivated"])
        }
    }

    @Sendable func reactivate(_ request: Request, context: SignedInContext) async throws -> Response {
        let now = self.now()
        return try await act(request, context, action: .userReactivated, done: .reactivated) { person, db in
            guard person.user.status != .active else { return ([:], [:]) }
            let seats = try await SeatRepository().usage(at: now, in: db)[person.user.role]
            guard seats.hasRoom else { throw AppError.conflict(seats.fullMessage) }
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
            guard !person.erased else {
                throw AppError.conflict("This person's personal data was deleted; the account cannot be changed or used again.")
            }
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

extension PeopleController {
    /// Gives a person another role. Only owners give or take the owner role (``act`` already keeps others' hands off
    /// owners and everyone's off their own account, so the last owner can never be demoted).
    @Sendable func changeRole(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        guard let role = Role(rawValue: form["role"] ?? "") else { throw AppError.invalid("Role: choose one of the listed roles.") }
        guard role != .owner || context.user.role == .owner else { throw AppError.forbidden("Only an owner can make someone an owner.") }
        let now = self.now()
        return try await act(request, context, action: .userRoleChanged, done: .roleChanged) { person, db in
            guard person.user.role != role else { return ([:], [:]) }
            // A candidate made staff (or the reverse) takes a seat from the other pool.
            if person.user.status == .active, person.user.role.seatPool != role.seatPool {
                let seats = try await SeatRepository().usage(at: now, in: db)[role]
                guard seats.hasRoom else { throw AppError.conflict(seats.fullMessage) }
            }
            if person.user.role == .owner {
                guard try await people.activeOwners(in: db) > 1 else {
                    throw AppError.conflict("\(person.user.name) is the last active owner. Make someone else an owner first.")
                }
            }
            try await people.setRole(id: person.user.id, role: role, in: db)
            return (["role": person.user.role.rawValue], ["role": role.rawValue])
        }
    }
}
