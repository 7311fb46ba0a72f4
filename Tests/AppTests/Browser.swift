import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import TestSupport
import Testing

/// A tiny cookie-keeping client over the in-process router, so tests read like a person using the site.
final class Browser: Sendable {
    let client: any TestClientProtocol
    private let jar = NIOLockedValueBox<[String: String]>([:])

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookies: [String: String] { jar.withLockedValue { $0 } }

    func setCookie(_ name: String, _ value: String) { jar.withLockedValue { $0[name] = value } }
    func clearCookies() { jar.withLockedValue { $0 = [:] } }

    @discardableResult
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await send(uri, method: .get, headers: headers, body: nil)
    }

    /// Posts a form; `csrf: nil` leaves the token out.
    @discardableResult
    func post(_ uri: String, form: [String: String], headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = form.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a body exactly as given (for malformed forms a browser would never send).
    @discardableResult
    func postRaw(_ uri: String, body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Reads the page's CSRF token the way a browser would submit it.
    func csrfToken(from uri: String) async throws -> String {
        let page = try await get(uri)
        return try #require(Self.csrf(in: String(buffer: page.body)))
    }

    /// Signs in through the real form; returns the response to the form post.
    @discardableResult
    func signIn(_ slug: String, email: String, password: String = TwoTenants.password) async throws -> TestResponse {
        let token = try await csrfToken(from: "/t/\(slug)/login")
        return try await post("/t/\(slug)/login", form: ["_csrf": token, "email": email, "password": password])
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    private func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        let cookieHeader = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        if !cookieHeader.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count == 2 ? String(pair[1]) : ""
            if value.isEmpty || field.contains("Max-Age=0") {
                jar.withLockedValue { $0[name] = nil }
            } else {
                jar.withLockedValue { $0[name] = value }
            }
        }
        return response
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var location: String? { headers[.location] }
}

/// Keeps every log line the app writes, at every level, so tests can search them for secrets.
final class LogCapture: Sendable {
    let lines = NIOLockedValueBox<[String]>([])

    var logger: Logger {
        Logger(label: "capture") { label in CaptureHandler(capture: self) }
    }

    var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }

    struct CaptureHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.lines.withLockedValue { $0.append("\(event.level) \(event.message) \(merged)") }
        }
    }
}

/// A clock tests can move forward.
final class TestClock: Sendable {
    private let value = NIOLockedValueBox(Date())
    var now: Date { value.withLockedValue { $0 } }
    func advance(minutes: Double) { value.withLockedValue { $0 = $0.addingTimeInterval(minutes * 60) } }
}

/// Runs `body` against the full application on a fresh database seeded with two tenants.
func withApp<R: Sendable>(
    clock: TestClock? = nil,
    logs: LogCapture? = nil,
    configure: (inout AppConfiguration) -> Void = { _ in },
    _ body: @Sendable (Browser, TestDatabase, TwoTenants) async throws -> R
) async throws -> R {
    let cluster = try TestCluster.fromEnvironment()
    return try await cluster.withFreshDatabase { database in
        let tenants = try await TwoTenants.create(in: database)
        let now: @Sendable () -> Date
        if let clock { now = { clock.now } } else { now = { Date() } }
        var configuration = database.appConfiguration()
        configure(&configuration)
        let app = try await buildApplication(configuration: configuration, logger: logs?.logger ?? .test, now: now)
        let result: R = try await app.test(.router) { (client: any TestClientProtocol) -> R in
            let browser = Browser(client)
            return try await body(browser, database, tenants)
        }
        return result
    }
}

/// A configuration change for tests of the background audit sealer, which the Swift tests otherwise leave off.
func sealingInBackground(_ configuration: inout AppConfiguration) { configuration.auditSealInterval = .milliseconds(50) }

/// A configuration change for tests that run behind a proxy (`X-Forwarded-For` is read).
func trustingProxy(_ configuration: inout AppConfiguration) { configuration.trustProxy = true }
