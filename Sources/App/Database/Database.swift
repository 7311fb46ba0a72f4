import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The server's access to PostgreSQL as `coach_app`. Tenant tables are reached only through ``withTenant(_:logger:_:)``.
public struct Database: Sendable {
    public let client: PostgresClient
    /// Signs the tenant claim each transaction starts with; without it the policies admit no tenant's rows.
    public let claims: TenantClaim

    public init(client: PostgresClient, claims: TenantClaim) {
        self.client = client
        self.claims = claims
    }

    /// Builds a pooled client for `configuration`; call `client.run()` (the app does) before using it.
    public init(configuration: DatabaseConfiguration, claims: TenantClaim, maximumConnections: Int = 20, logger: Logger) {
        var options = PostgresClient.Configuration.Options()
        options.maximumConnections = maximumConnections
        var config = PostgresClient.Configuration(
            host: configuration.host,
            port: configuration.port,
            username: configuration.user,
            password: configuration.password,
            database: configuration.name,
            tls: .disable
        )
        config.options = options
        self.client = PostgresClient(configuration: config, backgroundLogger: logger)
        self.claims = claims
    }

    /// Runs `body` in one transaction whose tenant claim names `tenantID` (for that transaction only), then commits.
    public func withTenant<Result: Sendable>(
        _ tenantID: UUID,
        logger: Logger,
        _ body: (TenantConnection) async throws -> Result
    ) async throws -> Result {
        let claim = claims.claim(for: tenantID)
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT set_config('app.tenant_claim', \(claim), true)", logger: logger)
                return try await body(TenantConnection(tenantID: tenantID, connection: connection, logger: logger))
            }
        } catch let error as PostgresTransactionError {
            // The transaction was rolled back; surface the caller's own error (a domain error stays a domain error).
            if let closureError = error.closureError, error.rollbackError == nil { throw closureError }
            throw error
        }
    }

    /// The tenant a URL slug names, unless it is deleted (SECURITY DEFINER lookup).
    public func tenant(slug: String, logger: Logger) async throws -> TenantRef? {
        guard TenantRef.isValidSlug(slug) else { return nil }
        let rows = try await client.query("SELECT * FROM lookup_tenant_by_slug(\(slug))", logger: logger)
        typealias Row = (UUID, String, String, String, String, String, Date, Date?, Date?, Date?, String?, Date?)
        for try await row in rows.decode(Row.self) {
            let subscription = Subscription(
                plan: row.4,
                state: Subscription.State(rawValue: row.5) ?? .suspended,
                since: row.6,
                trialEndsAt: row.7,
                graceEndsAt: row.8,
                renewsAt: row.9,
                overLimit: row.10,
                overLimitSince: row.11
            )
            return TenantRef(id: row.0, slug: row.1, name: row.2, status: TenantStatus(rawValue: row.3) ?? .suspended, subscription: subscription)
        }
        return nil
    }
}

extension Database {
    /// Runs the connection pool for as long as `body` takes: for tools and tests, which are not long-running services.
    public func running<Result: Sendable>(_ body: (Database) async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(self)
        }
    }
}
