import Foundation

@testable import App

/// Signing in, the error pages (a refusal, and the database unavailable) and the candidate's home.
extension GoldenPageTests {
    nonisolated(unsafe) static let signInPages: [(String, any Page)] = [
        (
            "login-error",
            LoginPage(
                chrome: chrome("Sign in", signedIn: false),
                tenantName: tenant.name,
                action: "/t/acme/login",
                resetHref: "/t/acme/password-reset",
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
            "error-503",
            ErrorPage(
                chrome: chrome("Service Unavailable"),
                status: 503,
                heading: ErrorPageMiddleware.heading(for: .serviceUnavailable),
                message: ErrorPageMiddleware.unavailableMessage,
                requestID: "0123456789abcdef01234567",
                homeHref: "/t/acme/"
            )
        ),
        (
            "candidate-home",
            CandidateHomePage(
                chrome: chrome("Practice", section: "practice"),
                firstName: "Casey",
                tenantName: tenant.name,
                notice: nil,
                open: nil,
                abandonAction: nil,
                templates: [],
                hasTemplates: false,
                progress: ProgressView(completed: [], categories: [], timeZone: .gmt, now: day(0)),
                leaderboard: nil,
                recent: [],
                hasRecent: false,
                historyHref: "/t/acme/practice/history",
                preferencesHref: "/t/acme/account/preferences",
                csrfToken: "csrf-token"
            )
        ),
    ]
}
