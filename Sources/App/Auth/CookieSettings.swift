import Foundation
import Hummingbird

/// Names and attributes of the session and pre-sign-in cookies.
public struct CookieSettings: Sendable {
    public let secure: Bool

    public init(secure: Bool) { self.secure = secure }

    /// `__Host-` prefixed names when secure, so no subdomain or path can plant them.
    public var sessionName: String { secure ? "__Host-coach_session" : "coach_session" }
    public var csrfName: String { secure ? "__Host-coach_csrf" : "coach_csrf" }

    public func session(_ token: String) -> Cookie {
        Cookie(name: sessionName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    public func csrf(_ token: String) -> Cookie {
        Cookie(name: csrfName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// A cookie that tells the browser to forget `name`.
    public func expired(_ name: String) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
