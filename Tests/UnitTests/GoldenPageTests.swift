import Foundation
import Hummingbird
import Testing

@testable import App

/// Renders pages from fixed view models and compares the HTML with committed files in `Tests/UnitTests/Golden/`,
/// so a template change is reviewed as a diff. `GOLDEN_RECORD=1 swift test --filter GoldenPageTests` rewrites them.
@Suite("Pages render exactly as recorded")
struct GoldenPageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tenant = TenantRef(
        id: UUID(uuidString: "00000000-0000-4000-8000-00000000000a")!,
        slug: "acme",
        name: "Acme Corporation",
        status: .active
    )
    static let owner = User(
        id: UUID(uuidString: "00000000-0000-4000-8000-0000000000b1")!,
        tenantID: tenant.id,
        email: "owner@acme.test",
        name: "Olivia Owner",
        role: .owner,
        status: .active
    )

    static func chrome(_ title: String, section: String? = nil, signedIn: Bool = true) -> Chrome {
        Chrome(title: title, tenant: tenant, user: signedIn ? owner : nil, csrfToken: "csrf-token", section: section)
    }

    /// The recorded pages, each a name and its view model (immutable; view models are plain values).
    nonisolated(unsafe) static let pages: [(String, any Page)] = [
        (
            "login-error",
            LoginPage(
                chrome: chrome("Sign in", signedIn: false),
                tenantName: tenant.name,
                action: "/t/acme/login",
                email: "owner@acme.test",
                error: "That email and password combination is not valid.",
                notice: nil,
                suspended: false,
                csrfToken: "csrf-token"
            )
        ),
        (
            "second-factor",
            SecondFactorPage(
                chrome: chrome("Two-factor authentication", signedIn: false),
                tenantName: tenant.name,
                action: "/t/acme/login/2fa",
                logoutAction: "/t/acme/logout",
                error: "That code is not valid. 4 attempts left.",
                csrfToken: "csrf-token"
            )
        ),
        (
            "error-403",
            ErrorPage(
                chrome: chrome("Forbidden"),
                status: 403,
                heading: "You can't do that",
                message: Permission.managePeople.refusal,
                requestID: "0123456789abcdef01234567",
                homeHref: "/t/acme/"
            )
        ),
        (
            "admin-home",
            AdminHomePage(
                chrome: chrome("Admin", section: "admin"),
                tenantName: tenant.name,
                planName: "Team",
                seatsUsed: 2,
                seatsTotal: 50,
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
                rows: [
                    PersonView(
                        name: "Casey Candidate",
                        email: "candidate@acme.test",
                        role: "Candidate",
                        status: "active",
                        active: true,
                        twoFactor: "Off",
                        locked: true,
                        lockedUntil: "2026-11-23 10:15 UTC",
                        canAct: true,
                        canReset: false,
                        unlockAction: "/t/acme/admin/people/1/unlock",
                        resetAction: "/t/acme/admin/people/1/reset-2fa",
                        deactivateAction: "/t/acme/admin/people/1/deactivate",
                        reactivateAction: "/t/acme/admin/people/1/reactivate",
                        historyHref: "/t/acme/admin/audit?target_type=user&target=1"
                    )
                ],
                hasRows: true,
                nextHref: "/t/acme/admin/people?after=candidate%40acme.test",
                firstHref: nil,
                notice: "The account was unlocked.",
                csrfToken: "csrf-token"
            )
        ),
        (
            "sessions",
            SessionsPage(
                chrome: chrome("Sessions", section: "sessions"),
                heading: "Active sessions in Acme Corporation",
                everyone: true,
                rows: [
                    SessionRow(
                        person: "Olivia Owner (owner@acme.test)",
                        device: "Chrome on Linux",
                        ip: "203.0.113.9",
                        created: "2026-11-23 09:00",
                        lastSeen: "2026-11-23 10:00",
                        current: true,
                        canEnd: false,
                        pending: false,
                        endAction: "/t/acme/admin/sessions/1/end"
                    )
                ],
                hasRows: true,
                notice: nil,
                endOthersAction: nil,
                hasOthers: false,
                csrfToken: "csrf-token"
            )
        ),
        (
            "password-problems",
            PasswordPage(
                chrome: chrome("Change password", section: "account"),
                action: "/t/acme/account/password",
                problems: ["Your current password is not right."],
                hasProblems: true,
                currentProblem: "Your current password is not right.",
                newProblem: nil,
                confirmProblem: nil,
                endOthers: true,
                minimum: 12,
                maximum: 128,
                csrfToken: "csrf-token"
            )
        ),
        (
            "confirm",
            ConfirmPage(
                chrome: chrome("Confirm it is you", section: "account"),
                action: "/t/acme/account/confirm",
                next: "/t/acme/admin/people",
                error: nil,
                acceptsCode: true,
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
                    var fields = SecurityPolicyController.fields(
                        .init(
                            sessionIdleMinutes: 30,
                            sessionAbsoluteMinutes: 720,
                            lockoutThreshold: 5,
                            lockoutMinutes: 15,
                            lockoutGrowth: 2,
                            ipFailureThreshold: 20,
                            require2FARoles: [.owner],
                            twoFactorGraceDays: 7,
                            twoFactorRequiredSince: nil
                        )
                    )
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
                csrfToken: "csrf-token"
            )
        ),
        ("candidate-home", CandidateHomePage(chrome: chrome("Practice", section: "practice"), firstName: "Casey", tenantName: tenant.name)),
    ]

    @Test("Each recorded page renders the same HTML", arguments: pages.map(\.0))
    func golden(name: String) async throws {
        let views = try await Views(directory: Self.root.appendingPathComponent("Templates").path)
        let page = try #require(Self.pages.first { $0.0 == name }?.1)
        let html = try views.html(type(of: page).template, page)
        let file = Self.root.appendingPathComponent("Tests/UnitTests/Golden/\(name).html")
        if ProcessInfo.processInfo.environment["GOLDEN_RECORD"] == "1" {
            try html.write(to: file, atomically: true, encoding: .utf8)
        }
        let recorded = try? String(contentsOf: file, encoding: .utf8)
        #expect(recorded != nil, "no golden file for \(name): run GOLDEN_RECORD=1 swift test --filter GoldenPageTests and review the diff")
        #expect(recorded == html, "\(name) renders differently from \(file.path); review, then re-record")
    }
}
