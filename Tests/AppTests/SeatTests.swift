import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("One seat count: invitations, acceptance and reactivation")
struct SeatTests {
    /// Puts acme on the free plan (5 staff seats, 25 candidate places; the fixture has an owner and a candidate).
    static func freePlan(_ database: TestDatabase, _ tenants: TwoTenants) throws {
        try database.ownerQuery(tenant: tenants.acmeID, "UPDATE tenants SET plan_id = 'free' WHERE id = $1", [tenants.acmeID])
    }

    @Test("Open invitations take seats; a full plan refuses the next invitation and a reactivation, naming plan and limit")
    func capAtInviteAndReactivation() async throws {
        try await withApp { browser, database, tenants in
            try Self.freePlan(database, tenants)
            try await browser.signIn("acme", email: "owner@acme.test")
            let firstLink = try Browser.invitationPath(try await browser.invite("person1@acme.test"))
            for n in 2...3 { #expect(try await browser.invite("person\(n)@acme.test").status == .ok) }
            #expect(try await browser.get("/t/acme/admin").text.contains("4 of 5 staff seats of the Free plan are taken (80 %)"))
            #expect(try await browser.invite("person4@acme.test").status == .ok)
            #expect(try await browser.get("/t/acme/admin/people").text.contains("All 5 staff seats of the Free plan are taken"))
            let seats = try await browser.get("/t/acme/admin/people/seats")
            #expect(seats.text.contains("Open invitation from owner@acme.test"))
            #expect(seats.text.contains("Added by the operator on"))
            let full = try await browser.invite("person5@acme.test")
            #expect(full.status == .unprocessableContent)
            #expect(full.text.contains("Your plan (Free) has 5 staff seats and 5 are taken (1 person, 4 open invitations)."))
            #expect(
                try await browser.get("/t/acme/admin/people").text.contains("5 of 5 staff seats and 1 of 25 candidate places taken on the Free plan")
            )
            #expect(try await browser.invite("candidate2@acme.test", role: "candidate").status == .ok, "candidates have places of their own")

            #expect(try await Browser(browser.client).accept(firstLink).status == .seeOther, "an accepted invitation keeps its seat")
            let person = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'person1@acme.test'").first?[0] ?? nil
            )
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(person)/deactivate").status == .seeOther)
            #expect(try await browser.invite("person5@acme.test").status == .ok, "the freed seat goes to a new invitation")
            let refused = try await browser.peopleAction("/t/acme/admin/people/\(person)/reactivate")
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("has 5 staff seats and 5 are taken"))
            let open = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM invitations WHERE email = 'person5@acme.test'").first?[0] ?? nil
            )
            #expect(try await browser.peopleAction("/t/acme/admin/invitations/\(open)/revoke").status == .seeOther)
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(person)/reactivate").status == .seeOther)
        }
    }

    @Test("Two people accepting for the last seat at the same moment: exactly one gets in")
    func lastSeatRace() async throws {
        try await withApp { browser, database, tenants in
            try Self.freePlan(database, tenants)
            try await browser.signIn("acme", email: "owner@acme.test")
            let first = try Browser.invitationPath(try await browser.invite("first@acme.test"))
            let second = try Browser.invitationPath(try await browser.invite("second@acme.test"))
            // The operator adds three editors meanwhile, so only one staff seat is left for the two open invitations.
            try await database.withOperator { admin in
                for name in ["ops1", "ops2", "ops3"] {
                    try await admin.createUser(slug: "acme", email: "\(name)@acme.test", name: name, role: .editor, password: TwoTenants.password)
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
            #expect(loser.text.contains("has 5 staff seats"))
            let active = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM users WHERE status = 'active' AND role <> 'candidate'")
            #expect(active == [["5"]])
        }
    }
}
