import Foundation

@testable import App

/// A person's own account: password, confirmation, sessions, two-factor set-up and recovery codes.
extension GoldenPageTests {
    nonisolated(unsafe) static let accountPages: [(String, any Page)] = [
        (
            "password-problems",
            PasswordPage(
                chrome: chrome("Change password", section: "account"),
                notice: nil,
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
            "security-overview",
            SecurityOverviewPage(
                chrome: chrome("Your security", section: "account"),
                notice: Notice.twoFactorEnabled.message,
                twoFactorEnabled: true,
                twoFactorRequired: true,
                deadline: nil,
                recoveryRemaining: 9,
                recoveryLastUsed: "2026-11-20 08:12:45 UTC",
                setupHref: TenantPage.twoFactor.href("acme"),
                disableAction: TenantPage.twoFactorDisable.href("acme"),
                regenerateAction: TenantPage.recoveryCodes.href("acme"),
                passwordHref: TenantPage.password.href("acme"),
                sessionsHref: TenantPage.accountSessions.href("acme"),
                failures: [
                    FailureRow(time: "2026-11-22 21:04:10 UTC", ip: "198.51.100.23", device: "Firefox on Windows", reason: "Wrong password"),
                    FailureRow(
                        time: "2026-11-21 07:30:02 UTC",
                        ip: "unknown",
                        device: "Safari on iPhone",
                        reason: "Wrong two-factor code (after the right password)"
                    ),
                ],
                hasFailures: true,
                csrfToken: "csrf-token"
            )
        ),
        (
            "two-factor-setup-error",
            TwoFactorSetupPage(
                chrome: chrome("Set up two-factor authentication", section: "account"),
                required: true,
                qrSVG: #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 12 12" role="img"><title>QR code for your authenticator app</title>"#
                    + #"<path d="M0 0h6v6H0z M6 6h6v6H6z"/></svg>"#,
                key: "JBSW Y3DP EHPK 3PXP",
                uri: "otpauth://totp/Interview%20Coach%20%28Acme%20Corporation%29:owner@acme.test?secret=JBSWY3DPEHPK3PXP"
                    + "&issuer=Interview%20Coach%20%28Acme%20Corporation%29&algorithm=SHA1&digits=6&period=30",
                action: TenantPage.twoFactor.href("acme"),
                offer: "sealed.offer.AAECAwQFBgcICQ",
                error: "That code is not right. Check the time on your phone and enter the current code.",
                csrfToken: "csrf-token"
            )
        ),
        (
            "recovery-codes",
            RecoveryCodesPage(
                chrome: chrome("Recovery codes", section: "account"),
                codes: ["k7qm-2xpd-9fha", "3wzt-h8nc-v4ry", "p6ej-tk2s-mu7b"],
                fresh: true,
                continueHref: TenantPage.accountSecurity.href("acme", notice: .twoFactorEnabled)
            )
        ),
    ]
}
