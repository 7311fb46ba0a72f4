import Foundation
import Hummingbird
import Mustache

/// Renders Mustache templates from `Templates/` into HTML responses.
public struct Views: Sendable {
    let library: MustacheLibrary

    /// Loads every template under `directory`; fails fast on a parse error.
    public init(directory: String) async throws {
        self.library = try await MustacheLibrary(directory: directory)
    }

    /// Renders `template` with `model`; a missing template is a programming error reported as 500.
    public func render(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        guard let html = library.render(model, withTemplate: template) else {
            throw RenderError(template: template)
        }
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// A template named in code does not exist.
public struct RenderError: Error, CustomStringConvertible {
    public let template: String
    public var description: String { "template \(template) not found" }
}

/// What every page's layout shows: title, tenant, who is signed in and the sign-out form.
public struct Chrome: Sendable {
    public let title: String
    public let tenantName: String?
    public let tenantSlug: String?
    public let userName: String?
    public let userRole: String?
    public let csrfToken: String?
    public let isAdmin: Bool
    public let nav: [NavLink]
    /// A reminder on every page, e.g. the date by which the tenant requires 2FA.
    public var banner: String?

    public init(title: String, tenant: TenantRef? = nil, user: User? = nil, csrfToken: String? = nil, section: String? = nil) {
        self.title = title
        self.tenantName = tenant?.name
        self.tenantSlug = tenant?.slug
        self.userName = user?.name
        self.userRole = user?.role.label
        self.csrfToken = csrfToken
        self.isAdmin = user?.role.may(.adminPortal) ?? false
        var nav: [NavLink] = []
        if let tenant, let user {
            nav = NavLink.entries.filter { user.role.may($0.permission) }.map {
                NavLink(label: $0.label, href: "/t/\(tenant.slug)/\($0.path)", current: section == $0.section)
            }
        }
        self.nav = nav
    }

    /// The chrome of a signed-in page, with the 2FA reminder while the grace period runs.
    public init(title: String, context: SignedInContext, section: String? = nil) {
        self.init(title: "\(title) · \(context.tenant.name)", tenant: context.tenant, user: context.user, csrfToken: context.csrfToken, section: section)
        if let deadline = context.identity.twoFactorDeadline, section != "account" {
            banner = "\(context.tenant.name) requires two-factor authentication for your role. Set it up by \(UTCFormat.day.string(from: deadline)) (UTC) in Your security."
        }
    }
}

/// One entry of the top navigation.
public struct NavLink: Sendable {
    public let label: String
    public let href: String
    public let current: Bool

    /// The navigation, in order; each person sees the entries their role's permissions allow.
    static let entries: [(label: String, path: String, section: String, permission: Permission)] = [
        ("Admin home", "admin", "admin", .adminPortal),
        ("People", "admin/people", "people", .managePeople),
        ("Sessions", "admin/sessions", "sessions", .managePeople),
        ("Security policy", "admin/security", "security", .managePeople),
        ("Audit log", "admin/audit", "audit", .readAudit),
        ("Practice", "", "practice", .practise),
        ("Your security", "account/security", "account", .ownAccount),
    ]
}
