import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Behind a trusted reverse proxy, the client is the last address the proxy appended to `X-Forwarded-For`.
/// Installed only when `COACH_TRUST_PROXY=true`; otherwise the header is ignored, since clients can forge it. A hop
/// that is not a plain IPv4 or IPv6 address is ignored too.
public struct ForwardedForMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let hop = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            let last = IPAddress.canonical(hop)
        else {
            return try await next(request, context)
        }
        var context = context
        context.clientIP = last
        return try await next(request, context)
    }
}
