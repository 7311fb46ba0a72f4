import Foundation
import Hummingbird

/// Answers 400 before anything else runs when the path, the query or a form body is malformed: a broken percent
/// escape, a control character in the path or query, or a NUL anywhere. So no handler sees such input, a static file
/// is never served under a name with hidden bytes, and no NUL ever reaches PostgreSQL.
public struct InputSanityMiddleware<Context: RequestContext>: RouterMiddleware {
    let maximumFormSize: Int

    public init(maximumFormSize: Int = 64 * 1024) { self.maximumFormSize = maximumFormSize }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isClean(request.uri.path, allowing: []), Self.isClean(request.uri.query ?? "", allowing: []) else {
            throw AppError.badRequest
        }
        var request = request
        if request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: maximumFormSize)
            // Text areas may hold tabs and line breaks; nothing else below 0x20.
            guard Self.isClean(String(buffer: body), allowing: [0x09, 0x0A, 0x0D]) else { throw AppError.badRequest }
        }
        return try await next(request, context)
    }

    /// Whether `raw` (still percent-encoded) decodes cleanly, with no control byte outside `allowed` and no NUL.
    static func isClean(_ raw: String, allowing allowed: Set<UInt8>) -> Bool {
        let bytes = Array(raw.utf8)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return false }
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        guard String(validating: decoded, as: UTF8.self) != nil else { return false }
        return !decoded.contains { ($0 < 0x20 && !allowed.contains($0)) || $0 == 0x7F }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
