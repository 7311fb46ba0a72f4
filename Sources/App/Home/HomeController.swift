import Foundation
import Hummingbird

/// The admin home (`/t/:slug/admin`) and the candidate home (`/t/:slug/`).
public struct HomeController: Sendable {
    let database: Database
    let views: Views
    let overview = OverviewRepository()

    public init(database: Database, views: Views) {
        self.database = database
        self.views = views
    }

    public func addRoutes(to routes: PermittedRoutes) {
        // Everyone may ask for the tenant's start page; it sends admin-portal roles on to theirs.
        routes.require(.ownAccount).get("", use: self.candidateHome)
        routes.require(.adminPortal).get("admin", use: self.adminHome)
    }

    @Sendable func candidateHome(_ request: Request, context: SignedInContext) async throws -> Response {
        if context.user.role.may(.adminPortal) {
            return .redirect(to: "/t/\(context.tenant.slug)/admin", type: .normal)
        }
        let model = CandidateHomePage(
            chrome: Chrome(title: "Practice", context: context, section: "practice"),
            firstName: context.user.name.split(separator: " ").first.map(String.init) ?? context.user.name,
            tenantName: context.tenant.name
        )
        return try views.render("home/candidate", model)
    }

    @Sendable func adminHome(_ request: Request, context: SignedInContext) async throws -> Response {
        let data = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await overview.overview(includeEvents: context.user.role.may(.readAudit), in: db)
        }
        let model = AdminHomePage(
            chrome: Chrome(title: "Admin", context: context, section: "admin"),
            tenantName: context.tenant.name,
            planName: data.planName,
            seatsUsed: data.usersByRole.reduce(0) { $0 + $1.count },
            seatsTotal: data.maxUsers,
            activeSessions: data.activeSessions,
            roles: data.usersByRole.map { RoleCount(label: $0.role.label, count: $0.count) },
            events: data.recentEvents.map {
                EventRow(time: UTCFormat.time.string(from: $0.occurredAt) + " UTC", actor: $0.actor, action: $0.action, outcome: $0.outcome, failed: $0.outcome != "success")
            },
            hasEvents: !data.recentEvents.isEmpty,
            showsEvents: context.user.role.may(.readAudit),
            auditHref: context.user.role.may(.readAudit) ? "/t/\(context.tenant.slug)/admin/audit" : nil
        )
        return try views.render("home/admin", model)
    }
}

struct CandidateHomePage {
    let chrome: Chrome
    let firstName: String
    let tenantName: String
}

struct AdminHomePage {
    let chrome: Chrome
    let tenantName: String
    let planName: String
    let seatsUsed: Int
    let seatsTotal: Int
    let activeSessions: Int
    let roles: [RoleCount]
    let events: [EventRow]
    let hasEvents: Bool
    let showsEvents: Bool
    let auditHref: String?
}

struct RoleCount {
    let label: String
    let count: Int
}

struct EventRow {
    let time: String
    let actor: String
    let action: String
    let outcome: String
    let failed: Bool
}
