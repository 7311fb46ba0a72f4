import Foundation
import Logging
import PostgresNIO

extension Database {
    /// Runs `body` in one transaction whose tenant claim names `tenantID` (for that transaction only), then commits. An
    /// error `body` throws rolls the transaction back and reaches the caller as it was thrown.
    ///
    /// On the request's connection, a read transaction the session check left open for the same tenant goes on
    /// instead (``withTenant(_:logger:leaveOpenIf:_:)``): its claim is already set, and `body` commits or rolls back
    /// with it.
    public func withTenant<Result: Sendable>(
        _ tenantID: UUID,
        logger: Logger,
        _ body: (TenantConnection) async throws -> Result
    ) async throws -> Result {
        try await withTenant(tenantID, logger: logger, leaveOpenIf: { _ in false }, body)
    }

    /// As ``withTenant(_:logger:_:)``, but when `leaveOpen` says so of the result and this runs on the request's
    /// connection, the transaction stays open for the request's next call on the same tenant to continue. Only a body
    /// that has read and not written may be left open: an error of the page would roll it back.
    public func withTenant<Result: Sendable>(
        _ tenantID: UUID,
        logger: Logger,
        leaveOpenIf leaveOpen: (Result) -> Bool,
        _ body: (TenantConnection) async throws -> Result
    ) async throws -> Result {
        guard let lease = RequestLease.current, lease.client === client,
            let (connection, continued) = try await lease.borrow(continuing: tenantID)
        else {
            return try await client.withConnection(policy: waitPolicy, usage: usage) { connection, _ in
                try await connection.transaction(logger: logger) { connection in
                    try await claimed(connection, tenantID, logger: logger, body)
                }
            }
        }
        var leftOpen = false
        defer { if !leftOpen { lease.putBack() } }
        let keep: (Result) -> Bool = { result in
            leftOpen = leaveOpen(result) && lease.leaveOpen(for: tenantID)
            return leftOpen
        }
        return try await connection.transaction(logger: logger, begun: continued, leaveOpen: keep) { connection in
            try await claimed(connection, tenantID, alreadySet: continued, logger: logger, body)
        }
    }

    /// Sets the transaction's tenant claim (unless the transaction already has it) and runs `body` under it.
    private func claimed<Result>(
        _ connection: PostgresConnection,
        _ tenantID: UUID,
        alreadySet: Bool = false,
        logger: Logger,
        _ body: (TenantConnection) async throws -> Result
    ) async throws -> Result {
        if !alreadySet {
            try await connection.statement(prepared: ClaimStatement(bindings: .init(claims.claim(for: tenantID))), logger: logger)
        }
        return try await body(TenantConnection(tenantID: tenantID, connection: connection, logger: logger))
    }
}

/// Sets the transaction's tenant claim (`$1`, signed by ``TenantClaims``), which the policies check: every
/// transaction on a tenant's data sends it (``FixedStatement``).
struct ClaimStatement: FixedStatement {
    static let name = "tenant_claim"
    static let sql = "SELECT set_config('app.tenant_claim', $1, true)"
    let bindings: PostgresBindings
}
