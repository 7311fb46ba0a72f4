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
        let (policy, throttled, candidate) = try await database.withTenant(tenant.id, logger: origin.logger) { connection in
            let policy = try await users.policy(tenantID: tenant.id, on: connection, logger: origin.logger)
            let throttled = try await isThrottled(origin, policy: policy, now: now, on: connection)
            let candidate = try await users.loginCandidate(tenantID: tenant.id, email: email, on: connection, logger: origin.logger)
            return (policy, throttled, candidate)
        }
        let passwordOK = try await hasher.verify(password, against: candidate?.passwordHash ?? decoyHash)
        let locked = (candidate?.lockedUntil ?? .distantPast) > now
        guard let candidate, passwordOK, candidate.status == .active, !locked, !throttled else {
            let reason =
                throttled ? "ip_throttled" : candidate == nil ? "unknown_email" : locked ? "locked" : !passwordOK ? "wrong_password" : "inactive"
            try await database.withTenant(tenant.id, logger: origin.logger) { connection in
                let actor = AuditActor(userID: candidate?.id, label: email, email: email)
                try await recordFailure(
                    origin, userID: candidate?.id, email: email, reason: reason, actor: actor,
                    countTowardLockout: reason == "wrong_password" && candidate?.status == .active, policy: policy, now: now, on: connection)
                try await audit.record(
                    AuditEvent(
                        action: .signInFailed, outcome: .failure, actor: actor, ip: origin.ip, userAgent: origin.userAgent,
                        requestID: origin.requestID, details: ["reason": reason]),
                    tenantID: tenant.id, on: connection, logger: origin.logger)
            }
            return .refused
        }
        let upgraded = hasher.needsRehash(candidate.passwordHash ?? "") ? try await hasher.hash(password) : nil
        let token = SecureRandom.token()
        let user: User = try await database.withTenant(tenant.id, logger: origin.logger) { connection in
            guard let (user, _, _) = try await users.signedIn(tenantID: tenant.id, userID: candidate.id, on: connection, logger: origin.logger)
            else { throw AppError.notFound }
            try await users.recordSuccessfulLogin(
                tenantID: tenant.id, userID: candidate.id, upgradedHash: upgraded, complete: !user.totpEnabled, on: connection, logger: origin.logger)
            try await attempts.record(
                tenantID: tenant.id, userID: candidate.id, email: email, ip: origin.ip, userAgent: origin.userAgent, succeeded: true, reason: nil,
                on: connection, logger: origin.logger)
            // A fresh token either way; with 2FA the session stays pending until the second step rotates it again.
            let sessionID = try await startSession(
                token: token, user: user, policy: policy, mfaPassed: false, reauthenticated: !user.totpEnabled, origin: origin, on: connection)
            try await audit.record(
                AuditEvent(
                    action: user.totpEnabled ? .passwordAccepted : .signInSucceeded, actor: .user(user), targetType: "session",
                    targetID: sessionID.uuidString, ip: origin.ip, userAgent: origin.userAgent, requestID: origin.requestID,
                    details: ["role": user.role.rawValue, "second_factor": user.totpEnabled ? "pending" : "not enrolled"]),
                tenantID: tenant.id, on: connection, logger: origin.logger)
            return user
        }
        return .started(user: user, token: token, pendingSecondFactor: user.totpEnabled)
    }

    /// Whether the client's address has failed too often over the lock period.
    func isThrottled(_ origin: SignInOrigin, policy: TenantPolicy, now: Date, on connection: PostgresConnection) async throws -> Bool {
        guard let ip = origin.ip else { return false }
        let since = now.addingTimeInterval(-Double(policy.lockoutMinutes) * 60)
        let failures = try await attempts.failures(tenantID: origin.tenant.id, ip: ip, since: since, on: connection, logger: origin.logger)
        return failures >= policy.ipFailureThreshold
    }

    /// Remembers a failed attempt (address throttle, the person's own list of failures) and, for a wrong secret of an
    /// active account, counts it toward the lockout; returns whether this failure locked the account.
    @discardableResult
    func recordFailure(
        _ origin: SignInOrigin, userID: UUID?, email: String, reason: String, actor: AuditActor, countTowardLockout: Bool,
        policy: TenantPolicy, now: Date, on connection: PostgresConnection
    ) async throws -> Bool {
        let tenantID = origin.tenant.id
        try await attempts.record(
            tenantID: tenantID, userID: userID, email: email, ip: origin.ip, userAgent: origin.userAgent, succeeded: false, reason: reason,
            on: connection, logger: origin.logger)
        guard countTowardLockout, let userID else { return false }
        let locked = try await users.recordFailedLogin(tenantID: tenantID, userID: userID, policy: policy, now: now, on: connection, logger: origin.logger)
        if locked {
            try await audit.record(
                AuditEvent(
                    action: .accountLocked, outcome: .failure, actor: actor, targetType: "user", targetID: userID.uuidString, targetLabel: email,
                    ip: origin.ip, userAgent: origin.userAgent, requestID: origin.requestID, details: ["after": reason]),
                tenantID: tenantID, on: connection, logger: origin.logger)
        }
        return locked
    }

    /// Stores a new session for `token` and returns its id.
    func startSession(
        token: String, user: User, policy: TenantPolicy, mfaPassed: Bool, reauthenticated: Bool, origin: SignInOrigin,
        on connection: PostgresConnection
    ) async throws -> UUID {
        let now = self.now()
        return try await sessions.create(
            tenantID: user.tenantID, userID: user.id, tokenHash: TokenHash.of(token),
            expiresAt: now.addingTimeInterval(Double(policy.sessionAbsoluteMinutes) * 60),
            ip: origin.ip, userAgent: origin.userAgent, mfaPassed: mfaPassed, reauthenticatedAt: reauthenticated ? now : nil,
            now: now, on: connection, logger: origin.logger)
    }
}
