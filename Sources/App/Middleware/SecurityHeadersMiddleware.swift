import HTTPTypes
import Hummingbird

/// Adds the request id and browser security headers to every response, including error pages.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let hsts: Bool
    let requestID: @Sendable (Context) -> String

    public init(hsts: Bool, requestID: @escaping @Sendable (Context) -> String) {
        self.hsts = hsts
        self.requestID = requestID
    }

    /// No inline script or style anywhere; forms post only to this origin; no framing.
    public static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), payment=()"
        response.headers[HTTPField.Name("X-Request-Id")!] = requestID(context)
        if hsts { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        // Everything under a tenant is personal (pages, redirects that set or clear a session): never stored.
        if request.uri.path.hasPrefix("/t/"), response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
