import Foundation
import Hummingbird

/// The permission matrix and the seats page. The matrix: roles × permissions from ``Role/permissions``, with the routes each permission guards
/// from the router's own table, so the page cannot drift from what is enforced.
public struct PermissionsController: Sendable, ServiceController {
    let services: AppServices

    /// Who holds each seat and how they got it, under the plan's count and its warning.
    @Sendable func seats(_ request: Request, context: SignedInContext) async throws -> Response {
        let now = self.now()
        let (usage, holders) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            (try await SeatRepository().usage(at: now, lock: false, in: db), try await SeatRepository().holders(at: now, in: db))
        }
        let model = SeatsPage(
            chrome: Chrome(title: "Seats", context: context, section: "people"),
            summary: usage.summary,
            warning: usage.warning,
            holders: holders,
            peopleHref: TenantPage.people.href(context.tenant.slug)
        )
        return try views.render(model)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let routes = services.routeTable.permissions
        let model = PermissionsPage(
            chrome: Chrome(title: "Who may do what", context: context, section: "people"),
            roles: Role.allCases.map(\.label),
            rows: Permission.allCases.map { permission in
                PermissionRowView(
                    label: permission.label,
                    cells: Role.allCases.map { role in
                        PermissionCellView(allowed: role.may(permission), role: role.label)
                    },
                    routes: routes.filter { $0.value == permission }.keys.sorted().map { $0.replacingOccurrences(of: "/t/{slug}/", with: "/") }
                )
            },
            peopleHref: TenantPage.people.href(context.tenant.slug)
        )
        return try views.render(model)
    }
}

struct PermissionCellView: Encodable {
    let allowed: Bool
    let role: String
}

struct PermissionRowView: Encodable {
    let label: String
    let cells: [PermissionCellView]
    let routes: [String]
}

struct SeatsPage: Page {
    static let template = "people/seats"
    let chrome: Chrome
    let summary: String
    let warning: String?
    let holders: [SeatHolder]
    let peopleHref: String
}

struct PermissionsPage: Page {
    static let template = "people/permissions"
    let chrome: Chrome
    let roles: [String]
    let rows: [PermissionRowView]
    let peopleHref: String
}
