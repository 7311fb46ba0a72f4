import App
import Foundation

/// The database's copy of the tenant-claim key, which only the schema owner and `app_tenant()` can read.
public enum TenantClaimKey {
    /// Stores `key` (from `COACH_TENANT_CLAIM_KEY`), replacing an older one; runs as the schema owner after migrating.
    public static func store(_ key: [UInt8], on connection: PQConnection) throws {
        _ = try TenantClaim(key: key)
        try connection.query(
            """
            INSERT INTO tenant_claim_key (secret) VALUES (decode($1, 'base64'))
            ON CONFLICT (only_row) DO UPDATE SET secret = EXCLUDED.secret, updated_at = now()
             WHERE tenant_claim_key.secret IS DISTINCT FROM EXCLUDED.secret
            """,
            [Data(key).base64EncodedString()]
        )
    }
}
