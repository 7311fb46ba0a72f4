import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// Read-only mode: over a plan limit after a downgrade, after a trial or a grace period, suspended or canceled.
@Suite("Subscriptions: read-only mode refuses changes with a clear page and still allows the fixes")
struct SubscriptionTests {
    /// Every signed-in POST route an owner may use and whether it stays open while the tenant is read-only, from the
    /// router itself.
    static func changeRoutes(_ database: TestDatabase) async throws -> [(route: String, open: Bool)] {
        let configuration = database.appConfiguration()
        let dependencies = try await AppDependencies.loaded(configuration, database: database.appDatabase(maximumConnections: 1))
        let table = RouteTable()
        _ = try buildRouter(dependencies, routeTable: table)
        // The owner walks them, so routes only candidates reach (practice) are read-only-checked in PracticeTests.
        return table.permissions.filter { $0.key.hasPrefix("POST ") && Role.owner.may($0.value) }.keys.sorted()
            .map { ($0, table.allowedWhileReadOnly.contains($0)) }
    }

    /// Five editors more than the owner: six staff seats, one more than the free plan has.
    static func overStaffLimit(_ database: TestDatabase) async throws -> [String] {
        try await database.withOperator { admin in
            for n in 1...5 {
                try await admin.createUser(
                    slug: "acme",
                    email: "editor\(n)@acme.test",
                    name: "Editor \(n)",
                    role: .editor,
                    password: TwoTenants.password
                )
            }
            return try await admin.setPlan(slug: "acme", plan: "free").warnings
        }
    }

    @Test("Over a limit after a downgrade: every change but the fixes gets a 409 page naming limit, plan and date")
    func overLimitAfterDowngrade() async throws {
        try await withApp { browser, database, tenants in
            let warnings = try await Self.overStaffLimit(database)
            #expect(warnings == ["6 staff seats are in use and the plan allows 5"])
            let routes = try await Self.changeRoutes(database)
            #expect(routes.filter(\.open).count >= 10 && routes.filter { !$0.open }.count >= 15, "\(routes)")
            #expect(routes.contains { $0.route == "POST /t/{slug}/admin/people/{id}/deactivate" && $0.open })
            #expect(routes.contains { $0.route == "POST /t/{slug}/admin/people/invite" && !$0.open })

            try await browser.signIn("acme", email: "owner@acme.test")
            let today = UTCFormat.day.string(from: Date())
            let home = try await browser.get("/t/acme/admin")
            #expect(home.text.contains("<strong>Read-only.</strong> Acme Corporation is read-only since \(today): on the Free plan, 6 staff seats"))
            let token = try await browser.csrfToken(from: "/t/acme/account/security")
            for (route, open) in routes {
                let path = String(route.dropFirst("POST ".count)).replacingOccurrences(of: "{slug}", with: "acme")
                    .replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased()).replacingOccurrences(of: "{language}", with: "de")
                let response = try await browser.post(path, form: ["_csrf": token])
                if open {
                    #expect(response.status != .conflict, "\(route) is a fix and stays open")
                } else {
                    #expect(response.status == .conflict, "\(route) gave \(response.status)")
                    #expect(response.text.contains("This change was not made. Acme Corporation is read-only since \(today)"), "\(route)")
                }
            }
            #expect(try await browser.invite("new@acme.test").status == .conflict)

            // The fix: deactivating one editor brings the tenant under the limit, and changes work again.
            let editor = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'editor5@acme.test'").first?[0] ?? nil
            )
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(editor)/deactivate").status == .seeOther)
            #expect(!(try await browser.get("/t/acme/admin").text.contains("Read-only.")))
            #expect(try await browser.invite("new@acme.test").status == .unprocessableContent, "5 of 5 staff seats: no room for another")
            let candidate = try await browser.invite("new@acme.test", role: "candidate")
            #expect(candidate.status == .ok, "changes work again once under every limit")
        }
    }

    @Test("A candidate sees why nothing can change; the owner still requests a bigger plan")
    func candidateSeesBanner() async throws {
        try await withApp { browser, database, _ in
            _ = try await Self.overStaffLimit(database)
            let candidate = Browser(browser.client)
            try await candidate.signIn("acme", email: "candidate@acme.test")
            #expect(try await candidate.get("/t/acme/").text.contains("Read-only."))
            try await browser.signIn("acme", email: "owner@acme.test")
            let token = try await browser.csrfToken(from: "/t/acme/admin/plan")
            let asked = try await browser.post("/t/acme/admin/plan/upgrade-request", form: ["_csrf": token, "message": "Six editors, please."])
            #expect(asked.location == "/t/acme/admin/plan?upgrade_requested=1")
            let plan = try await browser.get("/t/acme/admin/plan")
            #expect(plan.text.contains("Over the plan: 6 staff seats are in use and the plan allows 5."))
        }
    }

    @Test("A trial that ended, a grace period that ended, suspended and canceled are read-only; a running trial is a reminder")
    func subscriptionStates() async throws {
        try await withApp { browser, database, tenants in
            let future = Date().addingTimeInterval(10 * 86_400)
            let ends = UTCFormat.day.string(from: future)
            try await database.withOperator { _ = try await $0.setSubscription(slug: "acme", state: .trialing, until: future) }
            try await browser.signIn("acme", email: "owner@acme.test")
            #expect(try await browser.get("/t/acme/admin").text.contains("The Team trial ends on \(ends)."))
            #expect(try await browser.invite("during-trial@acme.test").status == .ok, "a running trial changes things")

            try database.ownerQuery(
                tenant: tenants.acmeID,
                "UPDATE tenants SET trial_ends_at = now() - interval '1 day' WHERE id = $1",
                [tenants.acmeID]
            )
            let ended = try await browser.invite("after-trial@acme.test")
            #expect(ended.status == .conflict && ended.text.contains("the Team trial ended on"))

            try await database.withOperator { _ = try await $0.setSubscription(slug: "acme", state: .pastDue, until: future) }
            #expect(
                try await browser.get("/t/acme/admin").text.contains("Payment for the Team plan is overdue. Everything keeps working until \(ends)")
            )
            #expect(try await browser.invite("in-grace@acme.test").status == .ok)
            try database.ownerQuery(
                tenant: tenants.acmeID,
                "UPDATE tenants SET grace_ends_at = now() - interval '1 hour' WHERE id = $1",
                [tenants.acmeID]
            )
            #expect(try await browser.invite("after-grace@acme.test").text.contains("the grace period ended on"))

            for state in [Subscription.State.suspended, .canceled] {
                try await database.withOperator { _ = try await $0.setSubscription(slug: "acme", state: state, until: nil) }
                let refused = try await browser.invite("\(state.rawValue)@acme.test")
                #expect(refused.status == .conflict && refused.text.contains("subscription was \(state.rawValue)"), "\(state)")
                #expect(try await browser.get("/t/acme/admin/people").status == .ok, "reading still works")
            }
            try await database.withOperator { _ = try await $0.setSubscription(slug: "acme", state: .active, until: nil) }
            #expect(try await browser.invite("back@acme.test").status == .ok)

            let history = try database.ownerQuery(tenant: tenants.acmeID, "SELECT subscription FROM subscription_history ORDER BY id")
            #expect(history.map { $0[0] ?? "" } == ["active", "trialing", "past_due", "suspended", "canceled", "active"])
            let events = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT count(*) FROM audit_events WHERE action = 'tenant.subscription_changed'"
            )
            #expect(events == [["5"]])
        }
    }
}
