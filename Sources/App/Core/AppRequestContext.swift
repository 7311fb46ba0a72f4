import Foundation
import Hummingbird
import Logging
import NIOCore

/// Per-request state: who is asking, for which tenant, and how to answer them.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Random id echoed in `X-Request-Id`, logs, audit events and 500 pages.
    public var requestID: String
    public var clientIP: String?
    /// The tenant the URL names, once the tenant middleware has resolved it.
    public var tenant: TenantRef?
    /// The signed-in user, once the session middleware has validated the cookie.
    public var identity: Identity?
    /// What CSRF tokens are bound to: the session token when signed in, else the pre-sign-in cookie.
    public var csrfBinding: String?
    /// The token this visitor's forms carry, set by the CSRF middleware.
    public var csrfToken: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = SecureRandom.bytes(12).hexString
        self.clientIP = source.channel.remoteAddress?.ipAddress
    }

    public var requestDecoder: URLEncodedFormDecoder { URLEncodedFormDecoder() }
}

/// A validated session and its user.
public struct Identity: Sendable {
    public let user: User
    public let sessionID: UUID
    public let session: SessionRecord
    public let policy: TenantPolicy
    public let state: SessionState
    /// The password was right but the second factor is still to come: only `/login/2fa` and sign-out are open.
    public let needsSecondFactor: Bool
    /// When the tenant's policy requires this user to have 2FA by, if they do not yet.
    public let twoFactorDeadline: Date?
    /// The deadline has passed: only enrolment, step-up and sign-out are open.
    public let mustEnrol: Bool
}

/// A request from a signed-in user of the tenant in the URL; handlers cannot forget to check.
public struct SignedInContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let clientIP: String?
    public let tenant: TenantRef
    public let user: User
    public let sessionID: UUID
    public let csrfToken: String
    public let identity: Identity

    public init(context: AppRequestContext) throws {
        guard let tenant = context.tenant else { throw AppError.notFound }
        guard let identity = context.identity, let csrfToken = context.csrfToken else {
            throw AppError.signInRequired(slug: tenant.slug)
        }
        if identity.needsSecondFactor { throw AppError.redirect(to: TenantPage.secondFactor.href(tenant.slug)) }
        self.coreContext = context.coreContext
        self.requestID = context.requestID
        self.clientIP = context.clientIP
        self.tenant = tenant
        self.user = identity.user
        self.sessionID = identity.sessionID
        self.identity = identity
        self.csrfToken = csrfToken
    }

    public var requestDecoder: URLEncodedFormDecoder { URLEncodedFormDecoder() }
}
