import Foundation

@testable import App

/// Inviting, accepting, resetting a password and the permission matrix.
extension GoldenPageTests {
    nonisolated(unsafe) static let peoplePages: [(String, any Page)] = [
        (
            "invite-problems",
            InvitePage(
                chrome: chrome("Invite someone", section: "people"),
                action: "/t/acme/admin/people/invite",
                cancelHref: "/t/acme/admin/people",
                email: "casey@acme",
                name: "Casey",
                roles: [
                    Option(value: "editor", label: "Editor", selected: true), Option(value: "candidate", label: "Candidate", selected: false),
                ],
                problems: ["Email: write an address such as name@example.com."],
                hasProblems: true,
                emailProblem: "Email: write an address such as name@example.com.",
                csrfToken: "csrf-token"
            )
        ),
        (
            "invited-link",
            InvitedPage(
                chrome: chrome("Invitation ready", section: "people"),
                email: "casey@acme.test",
                link: "https://coach.example/t/acme/invitation/TOKEN-SHOWN-ONCE",
                peopleHref: "/t/acme/admin/people",
                inviteHref: "/t/acme/admin/people/invite"
            )
        ),
        (
            "accept-invitation",
            AcceptInvitationPage(
                chrome: chrome("Join Acme Corporation", signedIn: false),
                tenantName: tenant.name,
                email: "casey@acme.test",
                role: "Editor",
                name: "Casey",
                action: "/t/acme/invitation/TOKEN",
                loginHref: "/t/acme/login",
                problems: ["Confirm password: type the same password twice."],
                hasProblems: true,
                csrfToken: "csrf-token"
            )
        ),
        (
            "password-reset-sent",
            PasswordResetPage(
                chrome: chrome("Reset your password", signedIn: false),
                tenantName: tenant.name,
                message: PasswordResetController.sentAnswer,
                askAction: nil,
                chooseAction: nil,
                loginHref: "/t/acme/login",
                problems: [],
                hasProblems: false,
                csrfToken: "csrf-token"
            )
        ),
        (
            "permissions",
            PermissionsPage(
                chrome: chrome("Who may do what", section: "people"),
                roles: ["Owner", "Translator"],
                rows: [
                    PermissionRowView(
                        label: Permission.translate.label,
                        cells: [PermissionCellView(allowed: true, role: "Owner"), PermissionCellView(allowed: true, role: "Translator")],
                        routes: ["GET /admin/translations", "POST /admin/questions/{id}/translations/{language}"]
                    ),
                    PermissionRowView(
                        label: Permission.managePeople.label,
                        cells: [PermissionCellView(allowed: true, role: "Owner"), PermissionCellView(allowed: false, role: "Translator")],
                        routes: ["GET /admin/people"]
                    ),
                ],
                peopleHref: "/t/acme/admin/people"
            )
        ),
        (
            "settings-problems",
            SettingsPage(
                chrome: chrome("Organisation settings", section: "people"),
                notice: nil,
                action: "/t/acme/admin/settings",
                name: "Acme Corporation",
                invitationDays: "45",
                nameProblem: nil,
                daysProblem: "Invitation links work for: a whole number of days from 1 to 30.",
                leaderboardOptions: [
                    Option(value: "off", label: "No leaderboard", selected: false),
                    Option(value: "pseudonyms", label: "Candidates who opt in, shown by pseudonym", selected: true),
                ],
                leaderboardProblem: nil,
                problems: ["Invitation links work for: a whole number of days from 1 to 30."],
                hasProblems: true,
                languagesHref: "/t/acme/admin/translations",
                securityHref: "/t/acme/admin/security",
                csrfToken: "csrf-token"
            )
        ),
        (
            "seats",
            SeatsPage(
                chrome: chrome("Seats", section: "people"),
                summary: "3 of 5 seats taken on the Free plan.",
                warning: nil,
                holders: [
                    SeatHolder(
                        name: "Olivia Owner",
                        email: "owner@acme.test",
                        role: "Owner",
                        how: "Added by the operator on 2026-11-01",
                        pending: false
                    ),
                    SeatHolder(
                        name: "Eve Editor",
                        email: "eve@acme.test",
                        role: "Editor",
                        how: "Invited by owner@acme.test, joined 2026-11-20",
                        pending: false
                    ),
                    SeatHolder(
                        name: "",
                        email: "new@acme.test",
                        role: "Candidate",
                        how: "Open invitation from owner@acme.test (2026-11-22); holds the seat until 2026-11-29",
                        pending: true
                    ),
                ],
                peopleHref: "/t/acme/admin/people"
            )
        ),
        (
            "plan",
            PlanPage(
                chrome: readOnlyChrome,
                notice: nil,
                plan: "Free",
                price: "0.00 a month",
                usage: [
                    UsageView(label: "Staff seats", used: 7, limit: 5, text: "7 of 5", high: true),
                    UsageView(label: "Candidates", used: 3, limit: 25, text: "3 of 25", high: false),
                    UsageView(label: "Questions", used: 12, limit: 50, text: "12 of 50", high: false),
                    UsageView(label: "Languages", used: 2, limit: 2, text: "2 of 2", high: true),
                ],
                facts: [
                    LabelledValue(label: "Subscription", value: "Active"), LabelledValue(label: "Renews", value: "2026-12-20"),
                    LabelledValue(label: "Audit log kept for", value: "30 days"),
                ],
                features: [
                    LabelledValue(label: "Requiring two-factor authentication by role", value: "Included"),
                    LabelledValue(label: "Exports of the audit log and the question bank", value: "Not included"),
                ],
                warning: "Over the plan: 7 staff seats are in use and the plan allows 5.",
                history: [
                    LabelledValue(label: "2026-11-20", value: "Free, active until 2026-12-20 (by operator)"),
                    LabelledValue(label: "2026-11-01", value: "Team, trial until 2026-11-15 (by operator)"),
                ],
                upgradeAction: "/t/acme/admin/plan/upgrade-request",
                csrfToken: "csrf-token"
            )
        ),
    ]
}

extension GoldenPageTests {
    /// Deleting a candidate's personal data, after a mistyped confirmation.
    nonisolated(unsafe) static let erasePage: (String, any Page) = (
        "erase-problem",
        ErasePage(
            chrome: chrome("Delete personal data", section: "people"),
            name: "Casey Candidate",
            email: "candidate@acme.test",
            answers: "12 answers",
            typed: "casey@acme.test",
            problem: "Type candidate@acme.test exactly to confirm; nothing was deleted.",
            action: "/t/acme/admin/people/1/erase",
            peopleHref: "/t/acme/admin/people",
            csrfToken: "csrf-token"
        )
    )

    /// A page of an organisation that is read-only after a downgrade.
    static var readOnlyChrome: Chrome {
        var chrome = chrome("Plan and usage", section: "people")
        chrome.readOnly =
            "Acme Corporation is read-only since 2026-11-20: on the Free plan, 7 staff seats are in use and the plan allows 5. "
            + "Admins can still deactivate people, revoke invitations, archive questions and request a bigger plan."
        return chrome
    }
}
