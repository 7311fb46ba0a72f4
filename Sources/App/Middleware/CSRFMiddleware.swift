import Foundation
import HTTPTypes
import Hummingbird

/// Gives every visitor a CSRF token and rejects unsafe requests without a valid one or from another origin.
///
/// The token is an HMAC of the session token (signed in) or of a random pre-sign-in cookie, so it cannot be
/// forged without the server's key and changes when the session does.
public struct CSRFMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let tokens: CSRFTokens
    let cookies: CookieSettings
    let maximumFormSize = 512 * 1024
    /// Question files are uploaded as multipart bodies; larger ones are refused with a 413 page.
    public static let maximumUploadSize = 20 * 1024 * 1024

    public init(tokens: CSRFTokens, cookies: CookieSettings) {
        self.tokens = tokens
        self.cookies = cookies
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var newCookie: String?
        if context.csrfBinding == nil {
            if let existing = request.cookies[cookies.csrfName]?.value, existing.utf8.count == 43 {
                context.csrfBinding = "anon:" + existing
            } else {
                let fresh = SecureRandom.token()
                newCookie = fresh
                context.csrfBinding = "anon:" + fresh
            }
        }
        let binding = context.csrfBinding!
        context.csrfToken = tokens.token(for: binding)

        var request = request
        if ![.get, .head, .options].contains(request.method) {
            guard Self.sameOrigin(request, scheme: cookies.secure ? "https" : "http"), newCookie == nil else { throw AppError.csrfRejected }
            let submitted: String?
            if let boundary = Multipart.boundary(contentType: request.headers[.contentType]) {
                let body = try await request.collectBody(upTo: Self.maximumUploadSize)
                submitted =
                    request.headers[HTTPField.Name("X-CSRF-Token")!]
                    ?? Multipart(body: Array(buffer: body), boundary: boundary)?.text("_csrf")
            } else {
                let body = try await request.collectBody(upTo: maximumFormSize)
                submitted = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? FormBody.parse(String(buffer: body))["_csrf"]
            }
            guard tokens.isValid(submitted, for: binding) else { throw AppError.csrfRejected }
        }
        var response = try await next(request, context)
        if let newCookie { response.setCookie(cookies.csrf(newCookie)) }
        return response
    }

    /// Unsafe requests must not carry an Origin (or Referer) of another site: scheme, host and port must all match.
    /// The scheme is the one the site is served on (https whenever cookies are secure).
    static func sameOrigin(_ request: Request, scheme: String) -> Bool {
        guard let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] else { return true }
        let source = request.headers[.origin] ?? request.headers[.referer]
        guard let source, source != "null" else { return request.headers[.origin] != "null" }
        guard let url = URL(string: source), let sourceHost = url.host, url.scheme?.lowercased() == scheme else { return false }
        let sourceAuthority = url.port.map { "\(sourceHost):\($0)" } ?? sourceHost
        return sourceAuthority.lowercased() == host.lowercased()
    }
}
