import Foundation

/// Step-up authentication: sensitive changes need the password (or a code) again within the last ten minutes.
public enum StepUp {
    public static let window: TimeInterval = 10 * 60

    /// Whether the session proved itself recently enough.
    public static func isFresh(_ identity: Identity, now: Date) -> Bool {
        guard let at = identity.state.reauthenticatedAt else { return false }
        return now.timeIntervalSince(at) < window
    }

    /// Throws a redirect to the confirm page that comes back to `returnTo` unless the session is fresh.
    public static func require(_ context: SignedInContext, now: Date, returnTo: String) throws {
        guard !isFresh(context.identity, now: now) else { return }
        throw AppError.redirect(to: "/t/\(context.tenant.slug)/account/confirm?\([("next", returnTo)].queryString)")
    }

    /// `next` if it is a page of this tenant, else the tenant's home; never another site.
    public static func safeReturn(_ next: String?, slug: String) -> String {
        let base = "/t/\(slug)/"
        guard let next, next.hasPrefix(base), !next.contains("//"), !next.contains("\\"), !next.contains("\r"), !next.contains("\n") else {
            return base + "account/security"
        }
        return next
    }
}

/// A few words about a browser, from its user agent.
public enum DeviceName {
    public static func describe(_ userAgent: String?) -> String {
        guard let agent = userAgent, !agent.isEmpty else { return "Unknown device" }
        let browser: String =
            agent.contains("Edg/") ? "Edge"
            : agent.contains("OPR/") ? "Opera"
            : agent.contains("Firefox/") ? "Firefox"
            : agent.contains("Chrome/") || agent.contains("Chromium/") ? (agent.contains("HeadlessChrome") ? "Headless Chrome" : "Chrome")
            : agent.contains("Safari/") ? "Safari"
            : agent.hasPrefix("curl/") ? "curl"
            : "Browser"
        let system: String? =
            agent.contains("Android") ? "Android"
            : agent.contains("iPhone") || agent.contains("iPad") ? "iOS"
            : agent.contains("Windows") ? "Windows"
            : agent.contains("Mac OS X") || agent.contains("Macintosh") ? "macOS"
            : agent.contains("CrOS") ? "ChromeOS"
            : agent.contains("Linux") ? "Linux"
            : nil
        return system.map { "\(browser) on \($0)" } ?? browser
    }
}
