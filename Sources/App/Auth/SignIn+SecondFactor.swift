import Foundation
import Logging
import PostgresNIO

extension SignIn {
    /// Codes one pending sign-in may try before the person must enter the password again.
    static let maximumSecondFactorAttempts = 5

    enum SecondFactorOutcome {
        /// The code was right: the pending session is replaced by a full one.
        case accepted(token: String, usedRecoveryCode: Bool)
        /// Wrong, with this many tries left on this sign-in.
        case rejected(attemptsLeft: Int)
        /// The sign-in is over (attempts used up, the account locked, or the address throttled): start again.
        case ended
    }

    /// Checks a second-factor code for a pending sign-in. The attempt is counted before the code is checked, and a
    /// wrong code counts toward the account lockout and the address throttle exactly as a wrong password does.
    func secondFactor(code: String, identity: Identity, from origin: SignInOrigin) async throws -> SecondFactorOutcome {
        let tenant = origin.tenant
        let user = identity.user
        let now = self.now()
        let token = SecureRandom.token()
        let limit = Self.maximumSecondFactorAttempts
        return try await database.withTenant(tenant.id, logger: origin.logger) { db in
            guard
                let attempt = try await sessions.countSecondFactorAttempt(sessionID: identity.sessionID, limit: limit, in: db)
            else {
                try await sessions.revoke(sessionID: identity.sessionID, in: db)
                return .ended
            }
            let policy = tenant.policy
            let locked =
                (try await users.loginCandidate(email: user.email, in: db)?.lockedUntil
                    ?? .distantPast) > now
            let throttled = try await isThrottled(origin, policy: policy, now: now, in: db)
            let usedRecovery = RecoveryCodes.looksLikeRecoveryCode(code)
            var accepted = false
            if !locked, !throttled {
                accepted = try await check(code, recovery: usedRecovery, user: user, now: now, in: db)
            }
            if accepted {
                try await users.recordSuccessfulLogin(userID: user.id, upgradedHash: nil, in: db)
                try await sessions.revoke(sessionID: identity.sessionID, in: db)
                let sessionID = try await startSession(
                    token: token,
                    user: user,
                    policy: policy,
                    mfaPassed: true,
                    reauthenticated: true,
                    origin: origin,
                    in: db
                )
                if usedRecovery {
                    let status = try await twoFactor.recoveryStatus(userID: user.id, in: db)
                    try await audit.record(
                        origin.event(
                            .recoveryCodeUsed,
                            actor: .user(user),
                            targetType: "user",
                            targetID: user.id.uuidString,
                            targetLabel: user.email,
                            details: ["remaining": String(status.remaining)]
                        ),
                        in: db
                    )
                }
                try await audit.record(
                    origin.event(
                        .signInSucceeded,
                        actor: .user(user),
                        targetType: "session",
                        targetID: sessionID.uuidString,
                        details: ["role": user.role.rawValue, "second_factor": usedRecovery ? "recovery_code" : "totp"]
                    ),
                    in: db
                )
                return .accepted(token: token, usedRecoveryCode: usedRecovery)
            }
            let reason = locked ? "locked" : throttled ? "ip_throttled" : "wrong_second_factor"
            let nowLocked = try await recordFailure(
                origin,
                userID: user.id,
                email: user.email,
                reason: reason,
                actor: .user(user),
                countTowardLockout: reason == "wrong_second_factor",
                policy: policy,
                now: now,
                in: db
            )
            try await audit.record(
                origin.event(
                    .secondFactorFailed,
                    outcome: .failure,
                    actor: .user(user),
                    details: ["failures": String(attempt), "kind": usedRecovery ? "recovery_code" : "totp", "reason": reason]
                ),
                in: db
            )
            if locked || throttled || nowLocked || attempt >= limit {
                try await sessions.revoke(sessionID: identity.sessionID, in: db)
                return .ended
            }
            return .rejected(attemptsLeft: limit - attempt)
        }
    }

    /// Whether `code` is a current TOTP code (consuming its step) or an unused recovery code (using it up).
    private func check(_ code: String, recovery: Bool, user: User, now: Date, in db: TenantConnection) async throws -> Bool {
        if recovery {
            return try await twoFactor.useRecoveryCode(userID: user.id, code: code, in: db)
        }
        guard let secret = try await twoFactor.activeSecret(userID: user.id, in: db),
            let step = TOTP.matchingStep(code: code, secret: secret, at: now)
        else { return false }
        return try await twoFactor.consumeStep(userID: user.id, step: step, in: db)
    }
}
