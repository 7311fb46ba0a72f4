import Foundation
import Hummingbird

/// The admin home (`/t/:slug/admin`) and the candidate home (`/t/:slug/`).
public struct HomeController: Sendable, ServiceController {
    let services: AppServices
    let overview = OverviewRepository()

    @Sendable func candidateHome(_ request: Request, context: SignedInContext) async throws -> Response {
        if context.user.role.may(.adminPortal) {
            return .seeOther(.adminHome, context.tenant.slug)
        }
        return try await PracticeController(services: services).dashboard(request, context: context)
    }

    @Sendable func adminHome(_ request: Request, context: SignedInContext) async throws -> Response {
        let now = self.now()
        let (data, seats) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            (
                try await overview.overview(includeEvents: context.user.role.may(.readAudit), in: db),
                try await SeatRepository().usage(at: now, lock: false, in: db)
            )
        }
        let model = AdminHomePage(
            chrome: Chrome(title: "Admin", context: context, section: "admin"),
            tenantName: context.tenant.name,
            planName: data.planName,
            seatsUsed: seats.staff.used,
            seatsTotal: seats.staff.limit,
            candidatesUsed: seats.candidates.used,
            candidatesTotal: seats.candidates.limit,
            seatWarning: seats.warning,
            activeSessions: data.activeSessions,
            roles: data.usersByRole.map { RoleCount(label: $0.role.label, count: $0.count) },
            events: data.recentEvents.map {
                EventRow(
                    time: UTCFormat.time.string(from: $0.occurredAt) + " UTC",
                    actor: $0.actor,
                    action: $0.action,
                    outcome: $0.outcome,
                    failed: $0.outcome != "success"
                )
            },
            hasEvents: !data.recentEvents.isEmpty,
            showsEvents: context.user.role.may(.readAudit),
            auditHref: context.user.role.may(.readAudit) ? TenantPage.audit.href(context.tenant.slug) : nil
        )
        return try views.render(model)
    }
}
