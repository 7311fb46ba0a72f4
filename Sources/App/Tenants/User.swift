import Foundation

/// What a user may do in their tenant.
public enum Role: String, Sendable, Codable, CaseIterable {
    case owner, admin, auditor, editor, translator, candidate

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// Whether an account may sign in.
public enum UserStatus: String, Sendable, Codable {
    case invited, active, deactivated
}

/// A signed-in person.
public struct User: Sendable, Equatable {
    public let id: UUID
    public let tenantID: UUID
    public let email: String
    public let name: String
    public let role: Role
    public let status: UserStatus
    /// Whether TOTP two-factor authentication is active.
    public let totpEnabled: Bool
    public let createdAt: Date

    public init(
        id: UUID,
        tenantID: UUID,
        email: String,
        name: String,
        role: Role,
        status: UserStatus,
        totpEnabled: Bool = false,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.tenantID = tenantID
        self.email = email
        self.name = name
        self.role = role
        self.status = status
        self.totpEnabled = totpEnabled
        self.createdAt = createdAt
    }
}
