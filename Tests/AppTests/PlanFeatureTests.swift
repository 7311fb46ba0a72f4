import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// What a plan includes: features, languages, and seats that move between pools when a role changes.
@Suite("Plan features and limits: exports, Moodle import, 2FA enforcement, languages, role changes")
struct PlanFeatureTests {
    @Test("The free plan has no exports and no Moodle import; each refusal names the feature and the plan")
    func freePlanFeatures() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("globex", email: "owner@globex.test")
            let audit = try await browser.get("/t/globex/admin/audit/export?format=csv")
            #expect(audit.status == .forbidden)
            #expect(audit.text.contains("Exports of the audit log and the question bank is not part of the Free plan."))
            #expect(try await browser.get("/t/globex/admin/questions/export?format=json").status == .forbidden)
            let bank = try await browser.createBank("globex")
            let moodle = try await browser.uploadQuestions(
                "globex",
                bank: bank,
                filename: "quiz.xml",
                content: "<?xml version=\"1.0\"?><quiz></quiz>"
            )
            #expect(moodle.status == .forbidden && moodle.text.contains("Moodle XML import is not part of the Free plan."))
            let json = try await browser.uploadQuestions("globex", bank: bank, filename: "bank.json", content: #"{"questions": []}"#)
            #expect(json.status != .forbidden, "other formats import on every plan")
        }
    }

    @Test("A plan without 2FA enforcement refuses to require it; the languages limit refuses one language too many")
    func enforcementAndLanguages() async throws {
        try await withApp { browser, database, _ in
            try await database.withOperator { admin in
                let spec = TenantAdmin.PlanSpec(
                    name: "Basic",
                    staffSeats: 10,
                    candidates: 10,
                    questions: 100,
                    languages: 2,
                    retentionDays: 30,
                    features: []
                )
                _ = try await admin.savePlan(id: "basic", spec, update: false)
                _ = try await admin.setPlan(slug: "acme", plan: "basic")
            }
            try await browser.signIn("acme", email: "owner@acme.test")
            let token = try await browser.csrfToken(from: "/t/acme/admin/security")
            let form = SecurityPolicyStepUpTests.current.merging(["_csrf": token, "require_editor": "on", "grace_days": "7"]) { $1 }
            let refused = try await browser.post("/t/acme/admin/security", form: form)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("Requiring two-factor authentication by role is not part of the Basic plan."))

            let languages = try await browser.post(
                "/t/acme/admin/translations/languages",
                form: ["_csrf": token, "languages": "en, de, fr", "default": "en"]
            )
            #expect(languages.status == .unprocessableContent)
            #expect(languages.text.contains("the Basic plan allows 2 languages"))
            let two = try await browser.post("/t/acme/admin/translations/languages", form: ["_csrf": token, "languages": "en, de", "default": "en"])
            #expect(two.status == .seeOther)
        }
    }

    @Test("Making a candidate staff takes a staff seat, and is refused when none is left")
    func roleChangeTakesASeat() async throws {
        try await withApp { browser, database, tenants in
            try database.ownerQuery(tenant: tenants.acmeID, "UPDATE tenants SET plan_id = 'free' WHERE id = $1", [tenants.acmeID])
            try await browser.signIn("acme", email: "owner@acme.test")
            for n in 1...4 { #expect(try await browser.invite("staff\(n)@acme.test").status == .ok) }
            let candidate = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'candidate@acme.test'").first?[0] ?? nil
            )
            let refused = try await browser.peopleAction("/t/acme/admin/people/\(candidate)/role", ["role": "editor"])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("Your plan (Free) has 5 staff seats and 5 are taken"))
            let open = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM invitations WHERE email = 'staff4@acme.test'").first?[0] ?? nil
            )
            #expect(try await browser.peopleAction("/t/acme/admin/invitations/\(open)/revoke").status == .seeOther)
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(candidate)/role", ["role": "editor"]).status == .seeOther)
            let role = try database.ownerQuery(tenant: tenants.acmeID, "SELECT role FROM users WHERE id = $1", [candidate])
            #expect(role == [["editor"]])
        }
    }
}
