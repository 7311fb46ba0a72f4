import App
import Foundation
import TestSupport
import Testing

@Suite("Weakening the security policy asks for the person again")
struct SecurityPolicyStepUpTests {
    static let current = [
        "grace_days": "7", "idle_minutes": "30", "absolute_minutes": "720", "lockout_threshold": "5", "lockout_minutes": "15",
        "lockout_growth": "2", "ip_threshold": "20",
    ]

    @Test("A weaker policy needs the password after ten minutes; a stronger one does not; nothing typed is lost")
    func weakeningNeedsStepUp() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            clock.advance(minutes: 11)
            let token = try await browser.csrfToken(from: "/t/acme/admin/security")
            var form = Self.current.merging(["_csrf": token, "require_candidate": "on", "lockout_minutes": "30", "affected_confirmed": "candidate:1"])
            { $1 }
            #expect(try await browser.post("/t/acme/admin/security", form: form).location == "/t/acme/admin/security?saved=1", "stronger: saved")

            form = Self.current.merging(["_csrf": token, "lockout_threshold": "50"]) { $1 }
            let asked = try await browser.post("/t/acme/admin/security", form: form)
            #expect(asked.status == .unprocessableContent)
            #expect(asked.text.contains("These changes weaken sign-in security"))
            #expect(asked.text.contains("2FA no longer required for Candidate"))
            #expect(asked.text.contains("more wrong passwords before a lock"))
            #expect(asked.text.contains("value=\"50\""), "what was typed is kept")

            form["confirm_secret"] = "not my password at all"
            let wrong = try await browser.post("/t/acme/admin/security", form: form)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("not right"))
            #expect(try database.ownerQuery(tenant: tenants.acmeID, "SELECT lockout_threshold FROM tenants WHERE slug = 'acme'") == [["5"]])

            form["confirm_secret"] = TwoTenants.password
            #expect(try await browser.post("/t/acme/admin/security", form: form).location == "/t/acme/admin/security?saved=1")
            #expect(try database.ownerQuery(tenant: tenants.acmeID, "SELECT lockout_threshold FROM tenants WHERE slug = 'acme'") == [["50"]])
            let confirmations = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT outcome FROM audit_events WHERE action = 'auth.reauthenticated' ORDER BY pos"
            )
            #expect(confirmations == [["failure"], ["success"]])
        }
    }
}
