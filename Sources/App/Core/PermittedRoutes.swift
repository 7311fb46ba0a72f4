import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// Every signed-in route and the permission it needs, collected while the router is built, so a test can walk
/// the router and check each route against ``Role/permissions``.
public final class RouteTable: Sendable {
    private let entries = NIOLockedValueBox<[String: Permission]>([:])
    private let fixes = NIOLockedValueBox<Set<String>>([])

    public init() {}

    /// `"GET /t/{slug}/admin/people"` → `.managePeople`, spelled as the router describes its routes.
    public var permissions: [String: Permission] { entries.withLockedValue { $0 } }

    /// The changes still allowed while the tenant is read-only, spelled like ``permissions``' keys.
    public var allowedWhileReadOnly: Set<String> { fixes.withLockedValue { $0 } }

    func record(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission, whileReadOnly: Bool = false) {
        let described = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
        let key = "\(method) " + (["/t/{slug}"] + described).joined(separator: "/")
        entries.withLockedValue { $0[key] = permission }
        if whileReadOnly { _ = fixes.withLockedValue { $0.insert(key) } }
    }
}

/// Signed-in routes, registered only through a permission: `routes.require(.managePeople).get("admin/people", use: …)`.
public struct PermittedRoutes {
    let group: RouterGroup<SignedInContext>
    let table: RouteTable
    /// The clock read-only mode is decided by.
    let now: @Sendable () -> Date

    /// A group whose every route needs `permission`.
    public func require(_ permission: Permission) -> Group {
        let permitted = group.group().add(middleware: RequirePermission(permission))
        return Group(group: permitted, writes: permitted.group().add(middleware: ReadOnlyGuard(now: now)), permission: permission, table: table)
    }

    /// Routes that share one permission.
    public struct Group {
        let group: RouterGroup<SignedInContext>
        /// The same group behind ``ReadOnlyGuard``, for changes.
        let writes: RouterGroup<SignedInContext>
        let permission: Permission
        let table: RouteTable

        @discardableResult
        public func get(_ path: String, use handler: @Sendable @escaping (Request, SignedInContext) async throws -> Response) -> Self {
            table.record(.get, path, permission)
            group.get(RouterPath(stringLiteral: path), use: handler)
            return self
        }

        /// A change. While the tenant is read-only it is refused, unless `whileReadOnly` marks it as one of the fixes
        /// (removing people, revoking invitations, archiving, requesting a plan) or as account security. A person's own
        /// account (password, two-factor, sessions) always stays open.
        @discardableResult
        public func post(
            _ path: String,
            whileReadOnly: Bool = false,
            use handler: @Sendable @escaping (Request, SignedInContext) async throws -> Response
        ) -> Self {
            let open = whileReadOnly || permission == .ownAccount
            table.record(.post, path, permission, whileReadOnly: open)
            (open ? group : writes).post(RouterPath(stringLiteral: path), use: handler)
            return self
        }
    }
}
