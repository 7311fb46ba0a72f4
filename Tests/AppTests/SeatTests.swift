import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("One seat count: invitations, acceptance and reactivation")
struct SeatTests {
    /// Puts acme on the free plan (5 seats; the fixture has an owner and a candidate).
    static func freePlan(_ database: TestDatabase, _ tenants: TwoTenants) throws {
        try database.ownerQuery(tenant: tenants.acmeID, "UPDATE tenants SET plan_id = 'free' WHERE id = $1", [tenants.acmeID])
    }

    @Test("Open invitations take seats; a full plan refuses the next invitation and a reactivation, naming plan and limit")
    func capAtInviteAndReactivation() async throws {
        try await withApp { browser, database, tenants in
            try Self.freePlan(database, tenants)
            try await browser.signIn("acme", email: "owner@acme.test")
            for n in 1...2 { #expect(try await browser.invite("person\(n)@acme.test").status == .ok) }
            #expect(try await browser.get("/t/acme/admin").text.contains("4 of 5 seats of the Free plan are taken (80 %)"))
            #expect(try await browser.invite("person3@acme.test").status == .ok)
            #expect(try await browser.get("/t/acme/admin/people").text.contains("All 5 seats of the Free plan are taken"))
            let seats = try await browser.get("/t/acme/admin/people/seats")
            #expect(seats.text.contains("Open invitation from owner@acme.test"))
            #expect(seats.text.contains("Added by the operator on"))
            let full = try await browser.invite("person4@acme.test")
            #expect(full.status == .unprocessableContent)
            #expect(full.text.contains("Your plan (Free) has 5 seats and 5 are taken (2 people, 3 open invitations)."))
            #expect(try await browser.get("/t/acme/admin/people").text.contains("5 of 5 seats taken on the Free plan"))

            let candidate = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'candidate@acme.test'").first?[0] ?? nil
            )
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(candidate)/deactivate").status == .seeOther)
            #expect(try await browser.invite("person4@acme.test").status == .ok, "the freed seat goes to a new invitation")
            let refused = try await browser.peopleAction("/t/acme/admin/people/\(candidate)/reactivate")
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("has 5 seats and 5 are taken"))
            let open = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM invitations WHERE email = 'person4@acme.test'").first?[0] ?? nil
            )
            #expect(try await browser.peopleAction("/t/acme/admin/invitations/\(open)/revoke").status == .seeOther)
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(candidate)/reactivate").status == .seeOther)
        }
    }

    @Test("Two people accepting for the last seat at the same moment: exactly one gets in")
    func lastSeatRace() async throws {
        try await withApp { browser, database, tenants in
            try Self.freePlan(database, tenants)
            try await browser.signIn("acme", email: "owner@acme.test")
            let first = try Browser.invitationPath(try await browser.invite("first@acme.test"))
            let second = try Browser.invitationPath(try await browser.invite("second@acme.test"))
            // The operator adds two people meanwhile, so only one seat is left for the two open invitations.
            try await database.withOperator { admin in
                for name in ["ops1", "ops2"] {
                    try await admin.createUser(slug: "acme", email: "\(name)@acme.test", name: name, role: .candidate, password: TwoTenants.password)
                }
            }
            let one = Browser(browser.client)
            let two = Browser(browser.client)
            let tokenOne = try await one.csrfToken(from: first)
            let tokenTwo = try await two.csrfToken(from: second)
            let form = ["name": "Racer", "password": "a long enough passphrase", "confirm": "a long enough passphrase"]
            async let a = one.post(first, form: form.merging(["_csrf": tokenOne]) { $1 })
            async let b = two.post(second, form: form.merging(["_csrf": tokenTwo]) { $1 })
            let results = try await [a, b]
            #expect(results.filter { $0.status == .seeOther }.count == 1, "\(results.map(\.status))")
            let loser = try #require(results.first { $0.status != .seeOther })
            #expect(loser.status == .gone)
            #expect(loser.text.contains("has 5 seats"))
            let active = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM users WHERE status = 'active'")
            #expect(active == [["5"]])
        }
    }
}
