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
}
