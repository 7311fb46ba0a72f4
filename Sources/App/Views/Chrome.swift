import Foundation

/// What every page's layout shows: title, tenant, who is signed in and the sign-out form.
public struct Chrome: Sendable, Encodable, TemplateDirect {
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
    /// Why the organisation is read-only (plan limit, trial or subscription), on every page while it is.
    public var readOnly: String?

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
                NavLink(label: $0.label, href: $0.page.href(tenant.slug), current: section == $0.section)
            }
        }
        self.nav = nav
    }

    /// The chrome of a signed-in page, with the 2FA reminder while the grace period runs.
    public init(title: String, context: SignedInContext, section: String? = nil) {
        self.init(
            title: "\(title) · \(context.tenant.name)",
            tenant: context.tenant,
            user: context.user,
            csrfToken: context.csrfToken,
            section: section
        )
        if let deadline = context.identity.twoFactorDeadline, section != "account" {
            banner =
                "\(context.tenant.name) requires two-factor authentication for your role. Set it up by \(UTCFormat.day.string(from: deadline)) (UTC) in Your security."
        }
        let subscription = context.tenant.subscription
        readOnly = subscription.readOnlyReason(at: Date(), tenant: context.tenant.name)
        if readOnly == nil, banner == nil, context.user.role.may(.managePeople) { banner = subscription.reminder(at: Date()) }
    }

    /// Every page has one (``TemplateDirect``).
    var templateValue: TemplateValue {
        let node = TemplateNode(capacity: 10)
        node.append("title", .text(title))
        node.append("tenantName", tenantName)
        node.append("tenantSlug", tenantSlug)
        node.append("userName", userName)
        node.append("userRole", userRole)
        node.append("csrfToken", csrfToken)
        node.append("isAdmin", .flag(isAdmin))
        node.append("nav", nav.templateValue)
        node.append("banner", banner)
        node.append("readOnly", readOnly)
        return .node(node)
    }
}

/// One entry of the top navigation.
public struct NavLink: Sendable, Encodable, TemplateDirect {
    public let label: String
    public let href: String
    public let current: Bool

    var templateValue: TemplateValue {
        let node = TemplateNode(capacity: 3)
        node.append("label", .text(label))
        node.append("href", .text(href))
        node.append("current", .flag(current))
        return .node(node)
    }

    /// The navigation, in order; each person sees the entries their role's permissions allow.
    static let entries: [(label: String, page: TenantPage, section: String, permission: Permission)] = [
        ("Admin home", .adminHome, "admin", .adminPortal),
        ("Questions", .questions, "questions", .readQuestions),
        ("Translations", .translations, "translations", .translate),
        ("Interview templates", .templates, "templates", .manageTemplates),
        ("People", .people, "people", .managePeople),
        ("Sessions", .sessions, "sessions", .managePeople),
        ("Security policy", .securityPolicy, "security", .managePeople),
        ("Audit log", .audit, "audit", .readAudit),
        ("Practice", .start, "practice", .practise),
        ("Your security", .accountSecurity, "account", .ownAccount),
    ]
}
