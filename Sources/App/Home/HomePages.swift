import Foundation

// Each page's view model and the template it renders with.

struct AdminHomePage: Encodable {
    let chrome: Chrome
    let tenantName: String
    let planName: String
    let seatsUsed: Int
    let seatsTotal: Int
    let candidatesUsed: Int
    let candidatesTotal: Int
    /// Shown from 80 % of either pool's seats on.
    let seatWarning: String?
    let activeSessions: Int
    let roles: [RoleCount]
    let events: [EventRow]
    let hasEvents: Bool
    let showsEvents: Bool
    let auditHref: String?
}

struct RoleCount: Encodable {
    let label: String
    let count: Int
}

struct EventRow: Encodable {
    let time: String
    let actor: String
    let action: String
    let outcome: String
    let failed: Bool
}

extension AdminHomePage: Page {
    static let template = "home/admin"
}
