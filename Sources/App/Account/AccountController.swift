import Foundation
import Hummingbird
import Logging

/// The signed-in person's own security: overview, password change and step-up confirmation.
public struct AccountController: Sendable, ServiceController {
    let services: AppServices
    let users = UserRepository()
    let sessions = SessionRepository()
    let attempts = SignInAttemptRepository()

    @Sendable func overview(_ request: Request, context: SignedInContext) async throws -> Response {
        let tenantID = context.tenant.id
        let user = context.user
        let (failures, recovery) = try await database.withTenant(tenantID, logger: context.logger) { db in
            (
                try await attempts.recentFailures(userID: user.id, in: db),
                try await twoFactor.recoveryStatus(userID: user.id, in: db)
            )
        }
        let slug = context.tenant.slug
        let deadline = context.identity.twoFactorDeadline
        let model = SecurityOverviewPage(
            chrome: chrome("Your security", context),
            notice: request.notice(.recoveryUsed) != nil
                ? "You signed in with a recovery code. \(recovery.remaining) remain; regenerate them if you are running low."
                : request.notice(.passwordChanged, .twoFactorEnabled, .twoFactorDisabled, .confirmed)?.message,
            twoFactorEnabled: user.totpEnabled,
            twoFactorRequired: context.identity.policy.require2FARoles.contains(user.role),
            deadline: deadline.map { UTCFormat.day.string(from: $0) },
            recoveryRemaining: recovery.remaining,
            recoveryLastUsed: recovery.lastUsed.map { UTCFormat.time.string(from: $0) + " UTC" },
            setupHref: TenantPage.twoFactor.href(slug),
            disableAction: TenantPage.twoFactorDisable.href(slug),
            regenerateAction: TenantPage.recoveryCodes.href(slug),
            passwordHref: TenantPage.password.href(slug),
            sessionsHref: TenantPage.accountSessions.href(slug),
            failures: failures.map {
                FailureRow(
                    time: UTCFormat.time.string(from: $0.at) + " UTC",
                    ip: $0.ip ?? "unknown",
                    device: DeviceName.describe($0.userAgent),
                    reason: Self.reasonText($0.reason)
                )
            },
            hasFailures: !failures.isEmpty,
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }

    static func reasonText(_ reason: String?) -> String {
        switch reason {
        case "wrong_password": "Wrong password"
        case "wrong_second_factor": "Wrong two-factor code (after the right password)"
        case "locked": "Account was locked"
        case "ip_throttled": "Too many attempts from that address"
        case "inactive": "Account not active"
        default: "Failed"
        }
    }

    func chrome(_ title: String, _ context: SignedInContext) -> Chrome {
        Chrome(title: title, context: context, section: "account")
    }

    @Sendable func showPassword(_ request: Request, context: SignedInContext) async throws -> Response {
        try renderPassword(context, notice: request.notice(.choosePassword)?.message, endOthers: true, status: .ok)
    }

    struct PasswordForm: Decodable {
        let current: String?
        let new: String?
        let confirm: String?
        let end_others: String?
    }

    @Sendable func changePassword(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.decodeForm(as: PasswordForm.self, context: context)
        let current = form.current ?? ""
        let new = form.new ?? ""
        let endOthers = form.end_others == "on"
        let tenantID = context.tenant.id
        let user = context.user
        let stored = try await database.withTenant(tenantID, logger: context.logger) { db in
            try await users.passwordHash(userID: user.id, in: db)
        }
        guard let stored, try await hasher.verify(current, against: stored) else {
            if try await StepUp.countFailure(context, request, database: database, now: now()) { return signedOutForFailures(context) }
            return try renderPassword(
                context,
                current: "Your current password is not right.",
                endOthers: endOthers,
                status: .unprocessableContent
            )
        }
        // Each problem is shown next to the field that holds it: the policy and reuse on the new password, a mismatch on its repeat.
        var newProblems = services.passwordPolicy.problems(new, email: user.email, name: user.name)
        let mismatch = new != (form.confirm ?? "") ? "The two new passwords do not match." : nil
        if new == current && newProblems.isEmpty && mismatch == nil { newProblems.append("Choose a password different from your current one.") }
        guard newProblems.isEmpty && mismatch == nil else {
            return try renderPassword(context, new: newProblems, confirm: mismatch, endOthers: endOthers, status: .unprocessableContent)
        }
        let hash = try await hasher.hash(new)
        let now = self.now()
        try await database.withTenant(tenantID, logger: context.logger) { db in
            try await users.setPassword(userID: user.id, hash: hash, in: db)
            try await sessions.markReauthenticated(sessionID: context.sessionID, at: now, in: db)
            let ended =
                endOthers
                ? try await sessions.revokeAll(userID: user.id, except: context.sessionID, in: db) : 0
            try await context.record(
                context.auditEventAboutSelf(.passwordChanged, request, details: ["other_sessions_ended": String(ended)]),
                in: db
            )
        }
        return .seeOther(.accountSecurity, context.tenant.slug, notice: .passwordChanged)
    }

    /// The password form; `current`, `new` and `confirm` are what is wrong with each field, listed at the top and marked on the field.
    private func renderPassword(
        _ context: SignedInContext,
        notice: String? = nil,
        current: String? = nil,
        new: [String] = [],
        confirm: String? = nil,
        endOthers: Bool,
        status: HTTPResponse.Status
    ) throws -> Response {
        let problems = [current].compactMap { $0 } + new + [confirm].compactMap { $0 }
        let model = PasswordPage(
            chrome: chrome("Change password", context),
            notice: notice,
            action: TenantPage.password.href(context.tenant.slug),
            problems: problems,
            hasProblems: !problems.isEmpty,
            currentProblem: current,
            newProblem: new.isEmpty ? nil : new.joined(separator: " "),
            confirmProblem: confirm,
            endOthers: endOthers,
            minimum: PasswordPolicy.minimumLength,
            maximum: PasswordPolicy.maximumLength,
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }

    @Sendable func showConfirm(_ request: Request, context: SignedInContext) async throws -> Response {
        try renderConfirm(context, next: StepUp.safeReturn(request.formQuery["next"], slug: context.tenant.slug), error: nil, status: .ok)
    }

    struct ConfirmForm: Decodable {
        let secret: String?
        let next: String?
    }

    /// Accepts the password, or a TOTP code when 2FA is on, and marks the session as freshly authenticated.
    @Sendable func confirm(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.decodeForm(as: ConfirmForm.self, context: context)
        let next = StepUp.safeReturn(form.next, slug: context.tenant.slug)
        let secret = (form.secret ?? "").trimmingCharacters(in: .whitespaces)
        let tenantID = context.tenant.id
        let user = context.user
        let now = self.now()
        let accepted: Bool = try await database.withTenant(tenantID, logger: context.logger) { db in
            let ok = try await StepUp.verify(secret, user: user, hasher: hasher, twoFactor: twoFactor, now: now, in: db)
            if ok {
                try await sessions.markReauthenticated(sessionID: context.sessionID, at: now, in: db)
            }
            try await context.record(context.auditEvent(.reauthenticated, request, outcome: ok ? .success : .failure), in: db)
            return ok
        }
        guard accepted else {
            if try await StepUp.countFailure(context, request, database: database, now: now) { return signedOutForFailures(context) }
            return try renderConfirm(
                context,
                next: next,
                error: "That is not right. Enter your password\(user.totpEnabled ? " or a current authenticator code" : "").",
                status: .unprocessableContent
            )
        }
        return .redirect(to: next, type: .normal)
    }

    private func signedOutForFailures(_ context: SignedInContext) -> Response {
        .seeOther(.login, context.tenant.slug)
    }

    private func renderConfirm(_ context: SignedInContext, next: String, error: String?, status: HTTPResponse.Status) throws -> Response {
        let model = ConfirmPage(
            chrome: chrome("Confirm it is you", context),
            action: TenantPage.confirm.href(context.tenant.slug),
            next: next,
            error: error,
            acceptsCode: context.user.totpEnabled,
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}
