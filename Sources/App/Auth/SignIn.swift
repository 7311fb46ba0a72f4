import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// Where a sign-in request comes from: the tenant in the URL and the client, for throttling and the audit log.
struct SignInOrigin: Sendable {
    let tenant: TenantRef
    let ip: String?
    let userAgent: String?
    let requestID: String
    let logger: Logger

    /// An audit event from this client, with its address, browser and request id filled in.
    func event(
        _ action: AuditAction,
        outcome: AuditOutcome = .success,
        actor: AuditActor,
        targetType: String? = nil,
        targetID: String? = nil,
        targetLabel: String? = nil,
        details: [String: String] = [:]
    ) -> AuditEvent {
        AuditEvent(
            action: action,
            outcome: outcome,
            actor: actor,
            targetType: targetType,
            targetID: targetID,
            targetLabel: targetLabel,
            ip: ip,
            userAgent: userAgent,
            requestID: requestID,
            details: details
        )
    }

    init(_ request: Request, _ context: AppRequestContext, tenant: TenantRef) {
        self.tenant = tenant
        self.ip = context.clientIP
        self.userAgent = request.headers[.userAgent]
        self.requestID = context.requestID
        self.logger = context.logger
    }
}

/// The rules of signing in: password, throttles, lockout and session start. Handlers only map its outcomes to responses.
struct SignIn: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let twoFactor: TwoFactorRepository
    let now: @Sendable () -> Date
    /// Verified against when the email is unknown, so both failures cost the same time.
    let decoyHash: String
    let users = UserRepository()
    let sessions = SessionRepository()
    let attempts = SignInAttemptRepository()
    let audit = AuditLog()

    init(database: Database, hasher: PasswordHasher, twoFactor: TwoFactorRepository, now: @escaping @Sendable () -> Date) throws {
        self.database = database
        self.hasher = hasher
        self.twoFactor = twoFactor
        self.now = now
        self.decoyHash = try PasswordHasher.hashSync(SecureRandom.token(), parameters: hasher.parameters)
    }

    enum PasswordOutcome {
        /// Unknown email, wrong password, locked account, inactive account or throttled address: one answer for all.
        case refused
        /// A new session; `pendingSecondFactor` when the code is still to come.
        case started(user: User, token: String, pendingSecondFactor: Bool)
    }

    /// Checks the password (always hashing, so every refusal costs the same) and starts a session.
    func password(email: String, password: String, from origin: SignInOrigin) async throws -> PasswordOutcome {
        let tenant = origin.tenant
        let now = self.now()
        let policy = tenant.policy
        let (throttled, candidate) = try await database.withTenant(tenant.id, logger: origin.logger) { db in
            let throttled = try await isThrottled(origin, policy: policy, now: now, in: db)
            let candidate = try await users.loginCandidate(email: email, in: db)
            return (throttled, candidate)
        }
        let passwordOK = try await hasher.verify(password, against: candidate?.passwordHash ?? decoyHash)
        let locked = (candidate?.lockedUntil ?? .distantPast) > now
        guard let candidate, passwordOK, candidate.status == .active, !locked, !throttled else {
            let reason =
                throttled ? "ip_throttled" : candidate == nil ? "unknown_email" : locked ? "locked" : !passwordOK ? "wrong_password" : "inactive"
            try await database.withTenant(tenant.id, logger: origin.logger) { db in
                let actor = AuditActor(userID: candidate?.id, label: email, email: email)
                try await recordFailure(
                    origin,
                    userID: candidate?.id,
                    email: email,
                    reason: reason,
                    actor: actor,
                    countTowardLockout: reason == "wrong_password" && candidate?.status == .active,
                    policy: policy,
                    now: now,
                    in: db
                )
                try await audit.record(
                    origin.event(
                        .signInFailed,
                        outcome: .failure,
                        actor: actor,
                        details: ["reason": reason]
                    ),
                    in: db
                )
            }
            return .refused
        }
        let upgraded = hasher.needsRehash(candidate.passwordHash ?? "") ? try await hasher.hash(password) : nil
        let token = SecureRandom.token()
        let user: User = try await database.withTenant(tenant.id, logger: origin.logger) { db in
            guard let user = try await users.user(id: candidate.id, in: db) else { throw AppError.notFound }
            try await users.recordSuccessfulLogin(userID: candidate.id, upgradedHash: upgraded, complete: !user.totpEnabled, in: db)
            try await attempts.record(
                userID: candidate.id,
                email: email,
                ip: origin.ip,
                userAgent: origin.userAgent,
                succeeded: true,
                reason: nil,
                in: db
            )
            // A fresh token either way; with 2FA the session stays pending until the second step rotates it again.
            let sessionID = try await startSession(
                token: token,
                user: user,
                policy: policy,
                mfaPassed: false,
                reauthenticated: !user.totpEnabled,
                origin: origin,
                in: db
            )
            try await audit.record(
                origin.event(
                    user.totpEnabled ? .passwordAccepted : .signInSucceeded,
                    actor: .user(user),
                    targetType: "session",
                    targetID: sessionID.uuidString,
                    details: ["role": user.role.rawValue, "second_factor": user.totpEnabled ? "pending" : "not enrolled"]
                ),
                in: db
            )
            return user
        }
        return .started(user: user, token: token, pendingSecondFactor: user.totpEnabled)
    }

    /// Whether the client's address has failed too often over the lock period.
    func isThrottled(_ origin: SignInOrigin, policy: TenantPolicy, now: Date, in db: TenantConnection) async throws -> Bool {
        guard let ip = origin.ip else { return false }
        let since = now.addingTimeInterval(-Double(policy.lockoutMinutes) * 60)
        let failures = try await attempts.failures(ip: ip, since: since, in: db)
        return failures >= policy.ipFailureThreshold
    }

    /// Remembers a failed attempt (address throttle, the person's own list of failures) and, for a wrong secret of an
    /// active account, counts it toward the lockout; returns whether this failure locked the account.
    @discardableResult
    func recordFailure(
        _ origin: SignInOrigin,
        userID: UUID?,
        email: String,
        reason: String,
        actor: AuditActor,
        countTowardLockout: Bool,
        policy: TenantPolicy,
        now: Date,
        in db: TenantConnection
    ) async throws -> Bool {
        try await attempts.record(userID: userID, email: email, ip: origin.ip, userAgent: origin.userAgent, succeeded: false, reason: reason, in: db)
        guard countTowardLockout, let userID else { return false }
        let locked = try await users.recordFailedLogin(userID: userID, policy: policy, now: now, in: db)
        if locked {
            try await audit.record(
                origin.event(
                    .accountLocked,
                    outcome: .failure,
                    actor: actor,
                    targetType: "user",
                    targetID: userID.uuidString,
                    targetLabel: email,
                    details: ["after": reason]
                ),
                in: db
            )
        }
        return locked
    }

    /// Stores a new session for `token` and returns its id.
    func startSession(
        token: String,
        user: User,
        policy: TenantPolicy,
        mfaPassed: Bool,
        reauthenticated: Bool,
        origin: SignInOrigin,
        in db: TenantConnection
    ) async throws -> UUID {
        let now = self.now()
        return try await sessions.create(
            userID: user.id,
            tokenHash: TokenHash.of(token),
            expiresAt: now.addingTimeInterval(Double(policy.sessionAbsoluteMinutes) * 60),
            ip: origin.ip,
            userAgent: origin.userAgent,
            mfaPassed: mfaPassed,
            reauthenticatedAt: reauthenticated ? now : nil,
            now: now,
            in: db
        )
    }
}
