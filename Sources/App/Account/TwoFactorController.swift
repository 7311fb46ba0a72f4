import Foundation
import Hummingbird
import Logging

/// TOTP enrolment, disabling and recovery codes for the signed-in person.
public struct TwoFactorController: Sendable, ServiceController {
    let services: AppServices
    let sessions = SessionRepository()

    @Sendable func showSetup(_ request: Request, context: SignedInContext) async throws -> Response {
        if context.user.totpEnabled { return .seeOther(.accountSecurity, context.tenant.slug) }
        try StepUp.require(context, now: now(), returnTo: .twoFactor)
        return try renderSetup(context, secret: TOTP.newSecret(), error: nil, required: request.notice(.required) != nil, status: .ok)
    }

    struct CodeForm: Decodable {
        let code: String?
        let offer: String?
    }

    @Sendable func activate(_ request: Request, context: SignedInContext) async throws -> Response {
        if context.user.totpEnabled { return .seeOther(.accountSecurity, context.tenant.slug) }
        try StepUp.require(context, now: now(), returnTo: .twoFactor)
        let form = try await request.decodeForm(as: CodeForm.self, context: context)
        let code = form.code ?? ""
        let tenantID = context.tenant.id
        let user = context.user
        let now = self.now()
        guard let secret = twoFactor.openOffer(form.offer ?? "", tenantID: tenantID, userID: user.id) else {
            return try renderSetup(
                context,
                secret: TOTP.newSecret(),
                error: "The setup form had expired. Scan the new QR code and try again.",
                required: false,
                status: .unprocessableContent
            )
        }
        let codes: [String]? = try await database.withTenant(tenantID, logger: context.logger) { db in
            guard let step = TOTP.matchingStep(code: code, secret: secret, at: now) else { return nil }
            try await twoFactor.activate(userID: user.id, secret: secret, step: step, in: db)
            let codes = try await twoFactor.regenerateRecoveryCodes(userID: user.id, in: db)
            // This session proved the factor just now; every other session must prove it on its next sign-in.
            try await sessions.markSecondFactorPassed(sessionID: context.sessionID, in: db)
            let ended = try await sessions.revokeAll(userID: user.id, except: context.sessionID, in: db)
            try await context.record(
                context.auditEventAboutSelf(
                    .twoFactorEnabled,
                    request,
                    details: ["other_sessions_ended": String(ended)],
                    before: ["two_factor": "off"],
                    after: ["two_factor": "totp"]
                ),
                in: db
            )
            return codes
        }
        guard let codes else {
            return try renderSetup(
                context,
                secret: secret,
                error: "That code is not right. Check the time on your phone and enter the current code.",
                required: false,
                status: .unprocessableContent
            )
        }
        return try renderCodes(context, codes: codes, fresh: true)
    }

    @Sendable func disable(_ request: Request, context: SignedInContext) async throws -> Response {
        try StepUp.require(context, now: now(), returnTo: .accountSecurity)
        guard !context.identity.policy.require2FARoles.contains(context.user.role) else {
            throw AppError.forbidden("\(context.tenant.name) requires two-factor authentication for your role, so it cannot be turned off.")
        }
        let tenantID = context.tenant.id
        let user = context.user
        try await database.withTenant(tenantID, logger: context.logger) { db in
            try await twoFactor.disable(userID: user.id, in: db)
            try await context.record(
                context.auditEventAboutSelf(.twoFactorDisabled, request, before: ["two_factor": "totp"], after: ["two_factor": "off"]),
                in: db
            )
        }
        return .seeOther(.accountSecurity, context.tenant.slug, notice: .twoFactorDisabled)
    }

    @Sendable func regenerate(_ request: Request, context: SignedInContext) async throws -> Response {
        guard context.user.totpEnabled else { throw AppError.invalid("Turn on two-factor authentication first; recovery codes come with it.") }
        try StepUp.require(context, now: now(), returnTo: .accountSecurity)
        let tenantID = context.tenant.id
        let user = context.user
        let codes = try await database.withTenant(tenantID, logger: context.logger) { db in
            let codes = try await twoFactor.regenerateRecoveryCodes(userID: user.id, in: db)
            try await context.record(context.auditEventAboutSelf(.recoveryCodesRegenerated, request), in: db)
            return codes
        }
        return try renderCodes(context, codes: codes, fresh: false)
    }

    private func renderSetup(
        _ context: SignedInContext,
        secret: [UInt8],
        error: String?,
        required: Bool,
        status: HTTPResponse.Status
    ) throws -> Response {
        let user = context.user
        let label = "\(services.totpIssuer) (\(context.tenant.name))"
        let uri = TOTP.provisioningURI(secret: secret, issuer: label, account: user.email)
        let key = TOTP.base32(secret)
        let model = TwoFactorSetupPage(
            chrome: Chrome(title: "Set up two-factor authentication", context: context, section: "account"),
            required: required || context.identity.mustEnrol,
            qrSVG: QRCode.svg(uri, title: "QR code for your authenticator app") ?? "",
            key: stride(from: 0, to: key.count, by: 4).map { offset in
                let start = key.index(key.startIndex, offsetBy: offset)
                return String(key[start..<key.index(start, offsetBy: min(4, key.count - offset))])
            }.joined(separator: " "),
            uri: uri,
            action: TenantPage.twoFactor.href(context.tenant.slug),
            offer: try twoFactor.enrolmentOffer(tenantID: context.tenant.id, userID: user.id, secret: secret),
            error: error,
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }

    private func renderCodes(_ context: SignedInContext, codes: [String], fresh: Bool) throws -> Response {
        let model = RecoveryCodesPage(
            chrome: Chrome(title: "Recovery codes", context: context, section: "account"),
            codes: codes,
            fresh: fresh,
            continueHref: TenantPage.accountSecurity.href(context.tenant.slug, notice: .twoFactorEnabled)
        )
        return try views.render(model)
    }
}
