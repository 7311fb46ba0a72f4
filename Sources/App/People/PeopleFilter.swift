import Foundation

/// What the people list shows: a search, filters, a sort and a keyset position, read from the query string.
public struct PeopleFilter: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable {
        case email, name
        case lastSignIn = "last_sign_in"
        case newest

        public var label: String {
            switch self {
            case .email: "Email"
            case .name: "Name"
            case .lastSignIn: "Last sign-in (recent first)"
            case .newest: "Newest first"
            }
        }
    }

    /// When a person last signed in.
    public enum Activity: String, Sendable, CaseIterable {
        case recent, idle, never

        public var label: String {
            switch self {
            case .recent: "Signed in within 30 days"
            case .idle: "Not signed in for 30 days"
            case .never: "Never signed in"
            }
        }
    }

    public var search: String?
    public var role: Role?
    public var status: UserStatus?
    public var twoFactor: Bool?
    public var activity: Activity?
    public var sort: Sort = .email
    /// The sort key (as the database prints it) and id of the last row of the previous page.
    public var after: (key: String, id: UUID)?

    public init() {}

    /// Reads the filter; values that are not valid are ignored, never echoed.
    public init(query: [String: String]) {
        func value(_ name: String) -> String? {
            query[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        search = value("q").map { String($0.lowercased().prefix(200)) }
        role = value("role").flatMap(Role.init(rawValue:))
        status = value("status").flatMap(UserStatus.init(rawValue:))
        twoFactor = value("2fa").flatMap { $0 == "on" ? true : $0 == "off" ? false : nil }
        activity = value("activity").flatMap(Activity.init(rawValue:))
        sort = value("sort").flatMap(Sort.init(rawValue:)) ?? .email
        // "key_uuid": a UUID has no "_", so the last one separates them (emails and names may contain "_").
        if let text = value("after"), let cut = text.lastIndex(of: "_"), let id = UUID(uuidString: String(text[text.index(after: cut)...])) {
            let key = String(text[..<cut])
            if key.count <= 260 { after = (key, id) }
        }
    }

    /// The query parameters that reproduce this filter (and the position when `withPosition`).
    public func queryItems(withPosition: Bool = false) -> [(String, String)] {
        var items: [(String, String)] = []
        if let search { items.append(("q", search)) }
        if let role { items.append(("role", role.rawValue)) }
        if let status { items.append(("status", status.rawValue)) }
        if let twoFactor { items.append(("2fa", twoFactor ? "on" : "off")) }
        if let activity { items.append(("activity", activity.rawValue)) }
        if sort != .email { items.append(("sort", sort.rawValue)) }
        if withPosition, let after { items.append(("after", "\(after.key)_\(after.id.lowercasedString)")) }
        return items
    }

    public var isNarrowed: Bool { search != nil || role != nil || status != nil || twoFactor != nil || activity != nil }

    public static func == (lhs: PeopleFilter, rhs: PeopleFilter) -> Bool {
        lhs.queryItems(withPosition: true).map { "\($0.0)=\($0.1)" } == rhs.queryItems(withPosition: true).map { "\($0.0)=\($0.1)" }
    }
}
