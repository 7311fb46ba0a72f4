import App
import Foundation
import HTTPTypes
import TestSupport
import Testing

@Suite("Metrics")
struct MetricsTests {
    static let token = "scrape-token-0123456789abcdef"

    @Test("/metrics shows requests per route pattern, sign-in outcomes, audit sealing and pool use to the token's holder only")
    func scrape() async throws {
        bootstrapMetrics()  // as TestCluster does: every test in this process counts into one registry
        let withToken: (inout AppConfiguration) -> Void = {
            $0.metricsToken = Self.token
            $0.auditSealInterval = .milliseconds(50)
        }
        try await withApp(configure: withToken) { browser, _, _ in
            let token = try await browser.csrfToken(from: "/t/acme/login")
            let refused = try await browser.post("/t/acme/login", form: ["_csrf": token, "email": "nobody@acme.test", "password": "wrong"])
            #expect(refused.status == .unprocessableContent)

            #expect(try await browser.get("/metrics").status == .unauthorized)
            #expect(try await browser.get("/metrics", headers: [.authorization: "Bearer not-the-token-at-all"]).status == .unauthorized)
            let scraped = try await browser.get("/metrics", headers: [.authorization: "Bearer \(Self.token)"])
            #expect(scraped.status == .ok)
            #expect(scraped.text.contains(#"coach_sign_ins_total{outcome="refused"}"#), "\(scraped.text.prefix(2000))")
            #expect(scraped.text.contains("/t/{slug}/login"), "requests are counted per route pattern, not per tenant")
            #expect(!scraped.text.contains("/t/acme/"), "no tenant's slug in a label")
            #expect(scraped.text.contains("http_server_request_duration"), "a latency histogram")
            // The sealer publishes after each pass (every 200 ms); the failed sign-in above left an event to seal.
            var sealing = scraped.text
            _ = try await eventually {
                if sealing.contains("coach_audit_sealing_lag_seconds") { return true }
                sealing = try await browser.get("/metrics", headers: [.authorization: "Bearer \(Self.token)"]).text
                return false
            }
            #expect(sealing.contains("coach_audit_tenants_unsealed"))
            #expect(sealing.contains("coach_audit_sealing_lag_seconds"))
            #expect(sealing.contains("coach_audit_sealed_events_total"))
            // The pages above leased connections (other tests' pools publish to the same gauges).
            #expect(sealing.contains("\ncoach_db_pool_connections_in_use "))
            #expect(sealing.contains("\ncoach_db_pool_requests_waiting "))
        }
    }

    @Test("Without COACH_METRICS_TOKEN there is no /metrics")
    func disabled() async throws {
        try await withApp { browser, _, _ in
            let response = try await browser.get("/metrics")
            #expect(response.status == .notFound)
        }
    }
}
