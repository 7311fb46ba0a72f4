import Crypto
import Foundation
import Hummingbird
import Metrics
import Prometheus

/// `/metrics` in Prometheus's text format, for a scraper holding `COACH_METRICS_TOKEN` (no token configured: no route,
/// so a 404 like any unknown path). The figures come from swift-metrics, which `coach-server` bootstraps with
/// swift-prometheus's factory: Hummingbird's `MetricsMiddleware` counts requests and times them per route pattern,
/// method and status (`http_server_requests_total`, `http_server_request_duration_seconds`), and ``CoachMetrics`` adds
/// the application's own.
struct MetricsEndpoint: Sendable {
    let token: String
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("metrics") { request, _ in
            guard let presented = request.headers[.authorization], Self.same(presented, "Bearer \(token)") else {
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .cacheControl: "no-store"])
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }

    /// Compares digests, so the time taken says nothing about how much of the token was right.
    static func same(_ presented: String, _ expected: String) -> Bool {
        SHA256.hash(data: Data(presented.utf8)) == SHA256.hash(data: Data(expected.utf8))
    }
}

/// Sends swift-metrics to swift-prometheus's default registry, which `/metrics` shows. Call it before the application is
/// built: a metric made before it counts nowhere. A second call does nothing.
public func bootstrapMetrics() {
    _ = metricsBootstrapped
}

private let metricsBootstrapped: Void = MetricsSystem.bootstrap(PrometheusMetricsFactory())

/// The application's own metrics, beside the per-route request figures.
enum CoachMetrics {
    /// One sign-in step's outcome: `refused`, `password_accepted` (a code is still to come), `signed_in`,
    /// `signed_in_with_recovery_code`, `second_factor_rejected`, `second_factor_ended`.
    static func signIn(_ outcome: String) {
        Counter(label: "coach_sign_ins_total", dimensions: [("outcome", outcome)]).increment()
    }
}
