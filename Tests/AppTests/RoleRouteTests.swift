import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Walks every route the router has, as every role, and checks the answer against ``Role/permissions``.
@Suite("Every route × every role follows the permission table")
struct RoleRouteTests {
    /// Routes anyone may reach: signing in and out.
    static let publicRoutes: Set<String> = [
        "GET /t/{slug}/login", "POST /t/{slug}/login", "GET /t/{slug}/login/2fa", "POST /t/{slug}/login/2fa", "POST /t/{slug}/logout",
        "GET /t/{slug}/invitation/{token}", "POST /t/{slug}/invitation/{token}",
        "GET /t/{slug}/password-reset", "POST /t/{slug}/password-reset",
        "GET /t/{slug}/password-reset/{token}", "POST /t/{slug}/password-reset/{token}",
    ]

    @Test("Allowed where the table says so, 403 (audited) everywhere else; no tenant route lacks a permission")
    func everyRouteEveryRole() async throws {
        let cluster = try TestCluster.fromEnvironment()
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            try await database.withOperator { admin in
                for role in Role.allCases where role != .owner && role != .candidate {
                    try await admin.createUser(
                        slug: "acme",
                        email: "\(role.rawValue)@acme.test",
                        name: "Some \(role.label)",
                        role: role,
                        password: TwoTenants.password
                    )
                }
            }
            let configuration = database.appConfiguration()
            let db = database.appDatabase(maximumConnections: 8)
            let dependencies = try await AppDependencies.loaded(configuration, database: db)
            let table = RouteTable()
            let router = try buildRouter(dependencies, routeTable: table)
            let routes = router.routes.map { "\($0.method) \($0.path)" }.filter { $0.contains(" /t/{slug}") && !Self.publicRoutes.contains($0) }
            #expect(routes.count >= 20, "the walk found the router's routes")
            for route in routes { #expect(table.permissions[route] != nil, "\(route) has no permission") }

            var app = Application(router: router)
            app.addServices(db.client)
            try await app.test(.router) { client in
                for role in Role.allCases {
                    let browser = Browser(client)
                    try await browser.signIn("acme", email: "\(role.rawValue)@acme.test")
                    let token = try await browser.csrfToken(from: "/t/acme/account/security")
                    for route in routes.sorted() {
                        guard let permission = table.permissions[route] else { continue }
                        let parts = route.split(separator: " ", maxSplits: 1)
                        let path = String(parts[1]).replacingOccurrences(of: "{slug}", with: "acme")
                            .replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                        let response = parts[0] == "GET" ? try await browser.get(path) : try await browser.post(path, form: ["_csrf": token])
                        if role.may(permission) {
                            #expect(response.status != .forbidden, "\(role) \(route)")
                        } else {
                            #expect(response.status == .forbidden, "\(role) \(route) gave \(response.status)")
                        }
                    }
                }
            }
            // Every refusal is in the audit log, with the path that was refused.
            let refusals = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT count(*) FROM audit_events WHERE action = 'security.access_denied'"
            )[0][0]!
            let expected = Role.allCases.reduce(0) { total, role in total + routes.filter { !role.may(table.permissions[$0]!) }.count }
            #expect(Int(refusals) == expected)
        }
    }

    @Test("The navigation shows a role exactly the pages its permissions allow")
    func navigationFollowsTheTable() async throws {
        try await withApp { browser, database, _ in
            try await database.withOperator {
                try await $0.createUser(
                    slug: "acme",
                    email: "auditor@acme.test",
                    name: "Aud Itor",
                    role: .auditor,
                    password: TwoTenants.password
                )
            }
            try await browser.signIn("acme", email: "auditor@acme.test")
            let page = try await browser.get("/t/acme/admin").text
            #expect(page.contains("href=\"/t/acme/admin/audit\""))
            #expect(!page.contains("href=\"/t/acme/admin/people\""))
            #expect(!page.contains("href=\"/t/acme/admin/security\""))
        }
    }
}
