import Foundation

/// Whether a tenant may be used.
public enum TenantStatus: String, Sendable, Codable {
    case active, suspended, deleted
}

/// The little the server knows about a tenant before anyone signs in.
public struct TenantRef: Sendable, Equatable {
    public let id: UUID
    public let slug: String
    public let name: String
    public let status: TenantStatus
    /// The plan, the subscription state and any limit the tenant is over: what read-only mode is decided from.
    public let subscription: Subscription
    /// The session and sign-in policy the session check applies.
    public let policy: TenantPolicy
    /// The tenant's languages (BCP 47), as a page shows them; a change to them reads them in its own transaction.
    public let languages: [String]
    public let defaultLanguage: String

    public init(
        id: UUID,
        slug: String,
        name: String,
        status: TenantStatus,
        subscription: Subscription = Subscription(plan: ""),
        policy: TenantPolicy = .defaults,
        languages: [String] = ["en"],
        defaultLanguage: String = "en"
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.status = status
        self.subscription = subscription
        self.policy = policy
        self.languages = languages
        self.defaultLanguage = defaultLanguage
    }

    /// Lowercase letters, digits and inner hyphens, 1 to 40 characters.
    public static func isValidSlug(_ slug: String) -> Bool {
        let bytes = Array(slug.utf8)
        guard (1...40).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }
}

/// A tenant's session and sign-in policy.
public struct TenantPolicy: Sendable, Equatable {
    public var sessionIdleMinutes: Int
    public var sessionAbsoluteMinutes: Int
    public var lockoutThreshold: Int
    public var lockoutMinutes: Int
    /// Each further lock lasts this many times longer than the one before.
    public var lockoutGrowth: Int
    /// Failed sign-ins from one IP address within `lockoutMinutes` before that address is throttled.
    public var ipFailureThreshold: Int
    public var require2FARoles: [Role]
    public var twoFactorGraceDays: Int
    /// When the current 2FA requirement was set; grace runs from here (or from the account's creation, if later).
    public var twoFactorRequiredSince: Date?

    /// The columns' defaults (migrations 0001 and 0002), for a tenant built without a database.
    public static let defaults = TenantPolicy(
        sessionIdleMinutes: 30,
        sessionAbsoluteMinutes: 720,
        lockoutThreshold: 5,
        lockoutMinutes: 15,
        lockoutGrowth: 2,
        ipFailureThreshold: 20,
        require2FARoles: [],
        twoFactorGraceDays: 7,
        twoFactorRequiredSince: nil
    )

    /// The SQL column list this struct is decoded from, in order.
    static let columns = """
        t.session_idle_minutes, t.session_absolute_minutes, t.lockout_threshold, t.lockout_minutes, t.lockout_growth,
        t.ip_failure_threshold, t.require_2fa_roles, t.require_2fa_grace_days, t.require_2fa_since
        """

    /// When `user` must have 2FA by, or nil if their role does not require it.
    public func twoFactorDeadline(for user: User) -> Date? {
        guard require2FARoles.contains(user.role) else { return nil }
        let start = max(twoFactorRequiredSince ?? user.createdAt, user.createdAt)
        return start.addingTimeInterval(Double(twoFactorGraceDays) * 86_400)
    }
}
