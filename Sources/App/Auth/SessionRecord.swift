import Foundation

/// A live session row, read under the tenant's policies.
public struct SessionRecord: Sendable {
    public let id: UUID
    public let tenantID: UUID
    public let userID: UUID
    public let createdAt: Date
    public let lastSeenAt: Date
    public let expiresAt: Date
    public let mfaPassed: Bool
}

/// What sign-in needs to know about an account before checking the password.
public struct LoginCandidate: Sendable {
    public let id: UUID
    public let passwordHash: String?
    public let status: UserStatus
    public let lockedUntil: Date?
}
