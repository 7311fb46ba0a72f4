import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The server's access to PostgreSQL as `coach_app`. Tenant tables are reached only through ``withTenant(_:logger:_:)``.
public struct Database: Sendable {
    public let client: PostgresClient
    /// Signs the tenant claim each transaction starts with; without it the policies admit no tenant's rows.
    public let claims: TenantClaim
    /// How long a request waits for a pooled connection before ``DatabaseUnavailable`` (a 503 page); nil waits as long
    /// as the pool takes.
    public let waitPolicy: ConnectionWaitPolicy?
    /// Leases and waits, for `/metrics` and the wait policy.
    let usage = PoolUsage()

    public init(client: PostgresClient, claims: TenantClaim, waitPolicy: ConnectionWaitPolicy? = nil) {
        self.client = client
        self.claims = claims
        self.waitPolicy = waitPolicy
    }

    /// Builds a pooled client for `configuration`; call `client.run()` (the app does) before using it.
    public init(configuration: DatabaseConfiguration, claims: TenantClaim, maximumConnections: Int = 20, logger: Logger) {
        var options = PostgresClient.Configuration.Options()
        options.maximumConnections = maximumConnections
        // A host that does not answer fails each attempt after this; the pool retries with its own backoff.
        options.connectTimeout = .seconds(3)
        // No just-in-time compilation: PostgreSQL compiles a plan whose estimated cost passes `jit_above_cost`, and
        // the compiling costs more than the query saves. Drawing an interview's questions from 10,000 spent 12–18 ms
        // of each 22–46 ms run compiling, and once the bank grew past inlining's threshold during a soak, about 800 ms
        // a draw (BENCHMARKS run 15). Every statement the app sends takes milliseconds or less.
        options.additionalStartupParameters = [("jit", "off")]
        // No keep-alive queries. postgres-nio's pool starts a keep-alive timer for every connection it takes back, and
        // cancels it at the next lease; a cancelled timer's sleeping task stays allocated until its deadline (30 s). At
        // 690 requests a second the resident size grew 5.6 MiB every 5 s (BENCHMARKS run 16). PostgreSQL listens on
        // the same host, so nothing between would drop an idle connection, and a dead one fails on its next statement.
        options.keepAliveBehavior = nil
        // No minimum of open connections (postgres-nio's default). Its pool stops the process, on a failed
        // precondition, when it must open a connection while it holds fewer than its minimum, which it can after
        // PostgreSQL restarts: connections that failed while it was down are dropped, not opened again. coach-server
        // kept all 20 open and crashed so in CI's fault test (BENCHMARKS run 19). Each connection the pool takes back
        // gets an idle timer instead, whose sleep stays allocated until its deadline: the short `idleTimeout`
        // coach-server sets bounds that memory.
        options.minimumConnections = 0
        options.connectionIdleTimeout = configuration.idleTimeout
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
        self.waitPolicy = configuration.connectionWait.map {
            ConnectionWaitPolicy(wait: $0, maximumConnections: maximumConnections, host: configuration.host, port: configuration.port)
        }
    }

    /// Runs `body` on the request's connection (``RequestLease``) when it is free, otherwise on a pooled connection,
    /// waiting for one as long as ``waitPolicy`` allows, then throwing ``DatabaseUnavailable``. Rows must be read
    /// inside `body`: the connection goes back when it returns.
    public func withConnection<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        if let lease = RequestLease.current, lease.client === client, let (connection, _) = try await lease.borrow() {
            defer { lease.putBack() }
            return try await body(connection)
        }
        // A connection PostgreSQL has just closed can still be handed out; its first statement then fails in `send`.
        return try await client.withConnection(policy: waitPolicy, usage: usage) { connection, _ in try await body(connection) }
    }

    /// Leases one connection and lends it to every database call `body` makes (the rest of a request), so they do
    /// not take a lease each. Waits for the connection as ``withConnection(_:)`` does.
    public func withRequestLease<Result>(logger: Logger, _ body: () async throws -> Result) async throws -> Result {
        try await client.withConnection(policy: waitPolicy, usage: usage) { connection, giveBack in
            let lease = RequestLease(client: client, connection: connection, logger: logger, giveBack: giveBack)
            do {
                let result = try await RequestLease.$current.withValue(lease) { try await body() }
                await lease.end()
                return result
            } catch {
                await lease.end()
                throw error
            }
        }
    }

    /// Every row of a query that reads no tenant's rows under a claim (a SECURITY DEFINER function's tenant ids,
    /// `schema_migrations`), decoded, on a connection leased as ``withConnection(_:)`` leases one.
    public func all<each Column: PostgresDecodable>(
        _ query: PostgresQuery,
        as type: (repeat each Column).Type,
        logger: Logger
    ) async throws -> [(repeat each Column)] {
        try await withConnection { connection in
            var rows: [(repeat each Column)] = []
            for try await row in try await connection.send(query, logger: logger) {
                rows.append(try row.decode(type))
            }
            return rows
        }
    }

    /// Leases taken from the pool since it started (a request takes one).
    public var leasesTaken: Int { usage.taken }

    /// The tenant a URL slug names, unless it is deleted (SECURITY DEFINER lookup), with its policy and languages.
    public func tenant(slug: String, logger: Logger) async throws -> TenantRef? {
        guard TenantRef.isValidSlug(slug) else { return nil }
        return try await withConnection { connection in
            var found: TenantRef?
            for try await row in try await connection.send(prepared: TenantLookupStatement(bindings: .init(slug)), logger: logger)
            where found == nil {
                found = try Self.decodeTenant(row.makeRandomAccess())
            }
            return found
        }
    }

    /// A row of ``TenantLookupStatement``.
    private static func decodeTenant(_ row: PostgresRandomAccessRow) throws -> TenantRef {
        let subscription = Subscription(
            plan: try row[4].decode(String.self),
            state: Subscription.State(rawValue: try row[5].decode(String.self)) ?? .suspended,
            since: try row[6].decode(Date.self),
            trialEndsAt: try row[7].decode(Date?.self),
            graceEndsAt: try row[8].decode(Date?.self),
            renewsAt: try row[9].decode(Date?.self),
            overLimit: try row[10].decode(String?.self),
            overLimitSince: try row[11].decode(Date?.self)
        )
        return TenantRef(
            id: try row[0].decode(UUID.self),
            slug: try row[1].decode(String.self),
            name: try row[2].decode(String.self),
            status: TenantStatus(rawValue: try row[3].decode(String.self)) ?? .suspended,
            subscription: subscription,
            policy: try UserRepository.decodePolicy(row, offset: 12),
            languages: try row[21].decode([String].self),
            defaultLanguage: try row[22].decode(String.self)
        )
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

/// The tenant a slug (`$1`) names, through the SECURITY DEFINER lookup: every request to a tenant's pages sends it
/// first (``FixedStatement``).
struct TenantLookupStatement: FixedStatement {
    static let name = "tenant_lookup"
    static let sql = """
        SELECT id, slug, name, status, plan_name, subscription, subscription_since, trial_ends_at, grace_ends_at,
               renews_at, over_limit, over_limit_since, \(TenantPolicy.columns), languages, default_language
          FROM lookup_tenant_by_slug($1) t
        """
    let bindings: PostgresBindings
}
