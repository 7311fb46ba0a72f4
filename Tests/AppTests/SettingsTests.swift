import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Organisation settings: name, invitation lifetime and leaderboard")
struct SettingsTests {
    @Test("Saving changes the name everywhere and the lifetime of new links; bad values keep what was typed")
    func saveSettings() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let token = try await browser.csrfToken(from: "/t/acme/admin/settings")
            let bad = try await browser.post(
                "/t/acme/admin/settings",
                form: ["_csrf": token, "name": "Acme Ltd", "invitation_days": "45", "leaderboard": "names"]
            )
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("value=\"Acme Ltd\"") && bad.text.contains("value=\"45\""))
            #expect(bad.text.contains("<option value=\"names\" selected>"), "the chosen leaderboard is kept")
            #expect(bad.text.contains("a whole number of days from 1 to 30"))
            let noChoice = try await browser.post("/t/acme/admin/settings", form: ["_csrf": token, "name": "Acme Ltd", "invitation_days": "2"])
            #expect(noChoice.status == .unprocessableContent && noChoice.text.contains("Leaderboard: choose one of the listed options."))
            let saved = try await browser.post(
                "/t/acme/admin/settings",
                form: ["_csrf": token, "name": "Acme Ltd", "invitation_days": "2", "leaderboard": "off"]
            )
            #expect(saved.location == "/t/acme/admin/settings?settings_saved=1")
            #expect(try await browser.get("/t/acme/admin").text.contains("Acme Ltd"))
            _ = try await browser.invite("soon@acme.test")
            let lifetime = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT round(extract(epoch FROM expires_at - created_at) / 86400) FROM invitations"
            )
            #expect(lifetime == [["2"]])
            let event = try database.ownerQuery(
                tenant: tenants.acmeID,
                """
                SELECT before->>'name', after->>'name', after->>'invitation_days', before->>'leaderboard', after->>'leaderboard'
                  FROM audit_events WHERE action = 'tenant.settings_changed'
                """
            )
            #expect(event == [["Acme Corporation", "Acme Ltd", "2", "pseudonyms", "off"]])
            #expect(try await browser.get("/t/acme/admin/settings").text.contains("<option value=\"off\" selected>"))
        }
    }
}

@Suite("Plan and usage, and asking for a bigger plan")
struct PlanPageTests {
    @Test("The page shows each limit with its use and the plan's history; a request reaches the operator's outbox")
    func planAndUpgrade() async throws {
        try await withApp { browser, database, tenants in
            try await database.withOperator { _ = try await $0.setPlan(slug: "acme", plan: "free") }
            try await browser.signIn("acme", email: "owner@acme.test")
            let page = try await browser.get("/t/acme/admin/plan")
            #expect(page.status == .ok)
            #expect(page.text.contains("Staff seats: 1 of 5"))
            #expect(page.text.contains("<meter min=\"0\" max=\"5\" high=\"5\" value=\"1\">"))
            #expect(page.text.contains("Candidates: 1 of 25"))
            #expect(page.text.contains("<dt>Moodle XML import</dt><dd>Not included</dd>"))
            #expect(
                page.text.contains("Free, active (by operator:test)") && page.text.contains("Team, active (by operator:test)"),
                "the plan history"
            )
            let token = try await browser.csrfToken(from: "/t/acme/admin/plan")
            let asked = try await browser.post(
                "/t/acme/admin/plan/upgrade-request",
                form: ["_csrf": token, "message": "We hire 20 people in January."]
            )
            #expect(asked.location == "/t/acme/admin/plan?upgrade_requested=1")
            let outbox = try await database.withOperator { admin in
                try await admin.outbox(slug: "acme", unsentOnly: true, box: try SecretBox.parse(database.appConfiguration().dataKeys))
            }
            let request = try #require(outbox.first { $0.message.kind == "upgrade_request" }?.message)
            #expect(request.body?.contains("We hire 20 people in January.") == true)
            #expect(request.body?.contains("Olivia Owner (owner@acme.test, owner)") == true)
            _ = tenants
        }
    }
}

@Suite("Requiring two-factor shows who it affects and cannot shut out the person who sets it")
struct TwoFactorRequirementTests {
    @Test("Without 2FA yourself, requiring it for your own role with no grace period is refused")
    func noSelfLockout() async throws {
        try await withApp { browser, _, _ in
            try await browser.signIn("acme", email: "owner@acme.test")
            let token = try await browser.csrfToken(from: "/t/acme/admin/security")
            let form = SecurityPolicyStepUpTests.current.merging(["_csrf": token, "require_owner": "on", "grace_days": "0"]) { $1 }
            let refused = try await browser.post("/t/acme/admin/security", form: form)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("a grace period of 0 days would send you to enrolment at once"))
            let withGrace = form.merging(["grace_days": "3", "affected_confirmed": "owner:1"]) { $1 }
            #expect(try await browser.post("/t/acme/admin/security", form: withGrace).location == "/t/acme/admin/security?saved=1")
        }
    }
}
