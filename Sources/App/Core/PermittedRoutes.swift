import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// Every signed-in route and the permission it needs, collected while the router is built, so a test can walk
/// the router and check each route against ``Role/permissions``.
public final class RouteTable: Sendable {
    private let entries = NIOLockedValueBox<[String: Permission]>([:])

    public init() {}

    /// `"GET /t/{slug}/admin/people"` → `.managePeople`, spelled as the router describes its routes.
    public var permissions: [String: Permission] { entries.withLockedValue { $0 } }

    func record(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission) {
        let described = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
        entries.withLockedValue { $0["\(method) " + (["/t/{slug}"] + described).joined(separator: "/")] = permission }
    }
}

/// Signed-in routes, registered only through a permission: `routes.require(.managePeople).get("admin/people", use: …)`.
public struct PermittedRoutes {
    let group: RouterGroup<SignedInContext>
    let table: RouteTable

    /// A group whose every route needs `permission`.
    public func require(_ permission: Permission) -> Group {
        Group(group: group.group().add(middleware: RequirePermission(permission)), permission: permission, table: table)
    }

    /// Routes that share one permission.
    public struct Group {
        let group: RouterGroup<SignedInContext>
        let permission: Permission
        let table: RouteTable

        @discardableResult
        public func get(_ path: String, use handler: @Sendable @escaping (Request, SignedInContext) async throws -> Response) -> Self {
            table.record(.get, path, permission)
            group.get(RouterPath(stringLiteral: path), use: handler)
            return self
        }

        @discardableResult
        public func post(_ path: String, use handler: @Sendable @escaping (Request, SignedInContext) async throws -> Response) -> Self {
            table.record(.post, path, permission)
            group.post(RouterPath(stringLiteral: path), use: handler)
            return self
        }
    }
}
