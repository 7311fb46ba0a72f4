import App
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Invitations: single-use links, expiry, resend and revoke")
struct InvitationTests {
    @Test("An invited person accepts once, gets the invited role, and only hashes and sealed mail are stored")
    func inviteAndAccept() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let ready = try await browser.invite("New.Editor@Acme.test", role: "editor")
            #expect(ready.status == .ok)
            #expect(ready.text.contains("hand this link to <strong>new.editor@acme.test</strong>"))
            let path = try Browser.invitationPath(ready)
            let token = String(path.split(separator: "/").last ?? "")
            let stored = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT encode(token_hash, 'hex'), role FROM invitations WHERE email = 'new.editor@acme.test'"
            )
            #expect(stored == [[TokenHash.of(token).map { String(format: "%02x", $0) }.joined(), "editor"]])
            let mail = try database.ownerQuery(tenant: tenants.acmeID, "SELECT position(convert_to($1, 'UTF8') IN body_sealed) FROM outbox", [token])
            #expect(mail == [["0"]], "the outbox holds the link sealed, not readable")

            let invitee = Browser(browser.client)
            let form = try await invitee.get(path)
            #expect(form.status == .ok)
            #expect(form.text.contains("You were invited as <strong>Editor</strong>"))
            let weak = try await invitee.accept(path, name: "Eve Editor", password: "short")
            #expect(weak.status == .unprocessableContent)
            #expect(weak.text.contains("value=\"Eve Editor\""), "the typed name is kept")
            let accepted = try await invitee.accept(path, name: "Eve Editor")
            #expect(accepted.status == .seeOther)
            #expect(try await invitee.get("/t/acme/admin/questions").status == .ok, "signed in with the editor's permissions")
            #expect(try await invitee.get("/t/acme/admin/people").status == .forbidden)

            let again = try await Browser(browser.client).get(path)
            #expect(again.status == .gone)
            #expect(again.text.contains("already accepted"))
            let events = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT action FROM audit_events WHERE target_type = 'invitation' ORDER BY pos"
            )
            #expect(events == [["user.invited"], ["user.invitation_accepted"]])
        }
    }

    @Test("Resending kills the old link, revoking kills the link, an expired link says so; nothing reveals the token")
    func resendRevokeExpire() async throws {
        try await withApp { browser, database, tenants in
            try await browser.signIn("acme", email: "owner@acme.test")
            let first = try Browser.invitationPath(try await browser.invite("late@acme.test"))
            let id = try #require(try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM invitations").first?[0] ?? nil)
            let resent = try await browser.peopleAction("/t/acme/admin/invitations/\(id)/resend")
            let second = try Browser.invitationPath(resent)
            #expect(second != first)
            let old = try await Browser(browser.client).get(first)
            #expect(old.status == .gone)
            #expect(old.text.contains("A newer invitation replaced it."))
            #expect(try await Browser(browser.client).get(second).status == .ok)

            let newID = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM invitations WHERE ended_at IS NULL").first?[0] ?? nil
            )
            #expect(try await browser.peopleAction("/t/acme/admin/invitations/\(newID)/revoke").status == .seeOther)
            #expect(try await Browser(browser.client).get(second).text.contains("It was revoked."))

            let third = try Browser.invitationPath(try await browser.invite("late@acme.test"))
            try database.ownerQuery(tenant: tenants.acmeID, "UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE ended_at IS NULL")
            let expired = try await Browser(browser.client).accept(third)
            #expect(expired.status == .gone)
            #expect(expired.text.contains("It has expired."))
            #expect(try await browser.invite("late@acme.test").status == .ok, "an expired invitation does not block a new one")
            #expect(try await Browser(browser.client).get("/t/acme/invitation/" + String(repeating: "x", count: 43)).status == .gone)
            #expect(try await Browser(browser.client).get("/t/globex/invitation/" + String(third.split(separator: "/").last!)).status == .gone)
        }
    }

    @Test("Only owners invite owners or give the owner role; the last owner keeps it")
    func ownerRules() async throws {
        try await withApp { browser, database, tenants in
            try await database.withOperator {
                try await $0.createUser(slug: "acme", email: "admin@acme.test", name: "Ada Admin", role: .admin, password: TwoTenants.password)
            }
            try await browser.signIn("acme", email: "admin@acme.test")
            let refused = try await browser.invite("boss@acme.test", role: "owner")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("only an owner can invite another owner"))
            let candidate = try #require(
                try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE email = 'candidate@acme.test'").first?[0] ?? nil
            )
            let owner = try #require(try database.ownerQuery(tenant: tenants.acmeID, "SELECT id FROM users WHERE role = 'owner'").first?[0] ?? nil)
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(candidate)/role", ["role": "owner"]).status == .forbidden)
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(owner)/role", ["role": "candidate"]).status == .forbidden)
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(candidate)/role", ["role": "translator"]).status == .seeOther)
            let roles = try database.ownerQuery(tenant: tenants.acmeID, "SELECT role FROM users WHERE id = $1", [candidate])
            #expect(roles == [["translator"]])
            let changed = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT before->>'role', after->>'role' FROM audit_events WHERE action = 'user.role_changed'"
            )
            #expect(changed == [["candidate", "translator"]])
            browser.clearCookies()
            try await browser.signIn("acme", email: "owner@acme.test")
            #expect(try await browser.peopleAction("/t/acme/admin/people/\(owner)/role", ["role": "admin"]).status == .forbidden, "not your own role")
        }
    }
}
