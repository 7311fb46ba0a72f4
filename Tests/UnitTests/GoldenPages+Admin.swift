import Foundation

@testable import App

/// The admin home, people and the security policy.
extension GoldenPageTests {
    nonisolated(unsafe) static let adminPages: [(String, any Page)] = [
        (
            "admin-home",
            AdminHomePage(
                chrome: chrome("Admin", section: "admin"),
                tenantName: tenant.name,
                planName: "Team",
                seatsUsed: 1,
                seatsTotal: 50,
                candidatesUsed: 1,
                candidatesTotal: 500,
                seatWarning: nil,
                activeSessions: 1,
                roles: [RoleCount(label: "Owner", count: 1), RoleCount(label: "Candidate", count: 1)],
                events: [EventRow(time: "2026-11-23 10:00 UTC", actor: "owner@acme.test", action: "auth.sign_in", outcome: "success", failed: false)],
                hasEvents: true,
                showsEvents: true,
                auditHref: "/t/acme/admin/audit"
            )
        ),
        (
            "people",
            PeoplePage(
                chrome: chrome("People", section: "people"),
                seats: "2 of 5 staff seats and 1 of 25 candidate places taken on the Free plan: 2 people, 1 open invitation.",
                seatWarning: "4 of 5 staff seats of the Free plan are taken (80 %). Plan ahead before they run out.",
                seatsHref: "/t/acme/admin/people/seats",
                inviteHref: "/t/acme/admin/people/invite",
                permissionsHref: "/t/acme/admin/people/permissions",
                settingsHref: "/t/acme/admin/settings",
                planHref: "/t/acme/admin/plan",
                invitations: [
                    InvitationView(
                        email: "new.hire@acme.test",
                        role: "Editor",
                        invitedBy: "owner@acme.test",
                        expires: "2026-11-30",
                        expired: false,
                        resendAction: "/t/acme/admin/invitations/2/resend",
                        revokeAction: "/t/acme/admin/invitations/2/revoke"
                    )
                ],
                hasInvitations: true,
                rows: [
                    PersonView(
                        name: "Casey Candidate",
                        email: "candidate@acme.test",
                        role: "Candidate",
                        status: "active",
                        active: true,
                        twoFactor: "Off",
                        lastSignIn: "2026-11-20",
                        locked: true,
                        lockedUntil: "2026-11-23 10:15 UTC",
                        canAct: true,
                        canReset: false,
                        erased: false,
                        eraseHref: "/t/acme/admin/people/1/erase",
                        progressHref: "/t/acme/admin/people/1/progress",
                        unlockAction: "/t/acme/admin/people/1/unlock",
                        resetAction: "/t/acme/admin/people/1/reset-2fa",
                        deactivateAction: "/t/acme/admin/people/1/deactivate",
                        reactivateAction: "/t/acme/admin/people/1/reactivate",
                        roleAction: "/t/acme/admin/people/1/role",
                        roleOptions: [
                            Option(value: "editor", label: "Editor", selected: false),
                            Option(value: "candidate", label: "Candidate", selected: true),
                        ],
                        historyHref: "/t/acme/admin/audit?target_type=user&target=1"
                    ),
                    PersonView(
                        name: "Former candidate 7F3A9C",
                        email: "erased-0123456789abcdef@erased.invalid",
                        role: "Candidate",
                        status: "personal data deleted",
                        active: false,
                        twoFactor: "Off",
                        lastSignIn: "never",
                        locked: false,
                        lockedUntil: "",
                        canAct: false,
                        canReset: false,
                        erased: true,
                        eraseHref: nil,
                        progressHref: nil,
                        unlockAction: "/t/acme/admin/people/3/unlock",
                        resetAction: "/t/acme/admin/people/3/reset-2fa",
                        deactivateAction: "/t/acme/admin/people/3/deactivate",
                        reactivateAction: "/t/acme/admin/people/3/reactivate",
                        roleAction: "/t/acme/admin/people/3/role",
                        roleOptions: [],
                        historyHref: "/t/acme/admin/audit?target_type=user&target=3"
                    ),
                ],
                hasRows: true,
                nextHref: "/t/acme/admin/people?role=candidate&after=candidate%40acme.test_00000000-0000-4000-8000-0000000000b2",
                firstHref: nil,
                total: "51 people match the filter",
                search: "",
                roles: [
                    Option(value: "owner", label: "Owner", selected: false), Option(value: "candidate", label: "Candidate", selected: true),
                ],
                statuses: [Option(value: "active", label: "Active", selected: false)],
                twoFactorOptions: [Option(value: "on", label: "On", selected: false), Option(value: "off", label: "Off", selected: false)],
                activities: [Option(value: "never", label: "Never signed in", selected: false)],
                sorts: [Option(value: "email", label: "Email", selected: true)],
                narrowed: true,
                clearHref: "/t/acme/admin/people",
                notice: "The account was unlocked.",
                csrfToken: "csrf-token"
            )
        ),
        (
            "security-policy-problems",
            SecurityPolicyPage(
                chrome: chrome("Security policy", section: "security"),
                roles: [
                    RoleChoice(name: "require_owner", label: "Owner", checked: true),
                    RoleChoice(name: "require_candidate", label: "Candidate", checked: false),
                ],
                fields: {
                    var policy = TenantPolicy.defaults
                    policy.require2FARoles = [.owner]
                    var fields = SecurityPolicyController.fields(policy)
                    fields[1].value = "9999"
                    fields[1].problem = "“Sign out after inactivity (minutes)” must be a whole number from 5 to 1440."
                    return fields
                }(),
                problems: ["“Sign out after inactivity (minutes)” must be a whole number from 5 to 1440."],
                hasProblems: true,
                notice: nil,
                action: "/t/acme/admin/security",
                acceptsCode: false,
                confirmError: false,
                affectedConfirmation: "editor:1",
                csrfToken: "csrf-token"
            )
        ),
    ]
}
