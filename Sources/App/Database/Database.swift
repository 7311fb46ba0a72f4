import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The server's access to PostgreSQL as `coach_app`. Tenant tables are reached only through ``withTenant(_:logger:_:)``.
public struct Database: Sendable {
    public let client: PostgresClient

    public init(client: PostgresClient) { self.client = client }

    /// Builds a pooled client for `configuration`; call `client.run()` (the app does) before using it.
    public init(configuration: DatabaseConfiguration, maximumConnections: Int = 20, logger: Logger) {
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
    }

    /// Runs `body` in one transaction with `app.tenant_id` set for that transaction only, then commits.
    public func withTenant<Result: Sendable>(
        _ tenantID: UUID,
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT set_config('app.tenant_id', \(tenantID.uuidString), true)", logger: logger)
                return try await body(connection)
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
        let rows = try await client.query("SELECT id, slug, name, status FROM lookup_tenant_by_slug(\(slug))", logger: logger)
        for try await (id, slug, name, status) in rows.decode((UUID, String, String, String).self) {
            return TenantRef(id: id, slug: slug, name: name, status: TenantStatus(rawValue: status) ?? .suspended)
        }
        return nil
    }

    /// The unrevoked session whose token hashes to `tokenHash` (SECURITY DEFINER lookup).
    public func session(tokenHash: [UInt8], logger: Logger) async throws -> SessionRecord? {
        let rows = try await client.query(
            "SELECT id, tenant_id, user_id, created_at, last_seen_at, expires_at, mfa_passed FROM lookup_session(\(ByteBuffer(bytes: tokenHash)))",
            logger: logger
        )
        for try await (id, tenantID, userID, created, lastSeen, expires, mfa) in rows.decode((UUID, UUID, UUID, Date, Date, Date, Bool).self) {
            return SessionRecord(id: id, tenantID: tenantID, userID: userID, createdAt: created, lastSeenAt: lastSeen, expiresAt: expires, mfaPassed: mfa)
        }
        return nil
    }

    /// The sign-in candidate for an email in a tenant (SECURITY DEFINER lookup).
    public func loginCandidate(tenantID: UUID, email: String, logger: Logger) async throws -> LoginCandidate? {
        let rows = try await client.query(
            "SELECT id, password_hash, status, locked_until FROM lookup_login_candidate(\(tenantID), \(email))",
            logger: logger
        )
        for try await (id, hash, status, lockedUntil) in rows.decode((UUID, String?, String, Date?).self) {
            return LoginCandidate(id: id, passwordHash: hash, status: UserStatus(rawValue: status) ?? .deactivated, lockedUntil: lockedUntil)
        }
        return nil
    }
}

/// A session row as the lookup returns it.
public struct SessionRecord: Sendable {
    public let id: UUID
    public let tenantID: UUID
    public let userID: UUID
    public let createdAt: Date
    public let lastSeenAt: Date
    public let expiresAt: Date
    public let mfaPassed: Bool
}

/// What sign-in needs to know about an account before checking the password.
public struct LoginCandidate: Sendable {
    public let id: UUID
    public let passwordHash: String?
    public let status: UserStatus
    public let lockedUntil: Date?
}
