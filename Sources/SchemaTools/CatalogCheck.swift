import App
import Foundation

/// Reads the system catalog and lists every breach of the database rules in DESIGN.md.
///
/// A new tenant table without RLS, a policy that does not check the tenant claim (or trusts `app.tenant_id`), a privileged runtime role or an
/// unhardened SECURITY DEFINER function each produce one line.
public struct CatalogCheck {
    public let connection: PQConnection

    public init(connection: PQConnection) { self.connection = connection }

    public func violations(runtimeRole: String = "coach_app") throws -> [String] {
        var problems: [String] = []
        let tables = try connection.query(
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, a.attnotnull,
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid),
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid
                       AND pg_get_expr(p.polqual, p.polrelid) LIKE '%app_tenant()%'
                       AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%app_tenant()%'),
                   coalesce((SELECT a2.attname = 'tenant_id' FROM pg_index i JOIN pg_attribute a2
                               ON a2.attrelid = i.indrelid AND a2.attnum = i.indkey[0]
                             WHERE i.indrelid = c.oid AND i.indisprimary), false)
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
             ORDER BY c.relname
            """
        )
        for row in tables {
            let table = try row.text(0)
            if row[1] != "t" { problems.append("\(table): row-level security is not enabled") }
            if row[2] != "t" { problems.append("\(table): row-level security is not forced") }
            if row[3] != "t" { problems.append("\(table): tenant_id may be NULL") }
            if row[4] == "0" { problems.append("\(table): has no policy") }
            if row[5] == "0" { problems.append("\(table): no policy checks the tenant claim (app_tenant()) in USING and WITH CHECK") }
            if row[6] != "t" { problems.append("\(table): primary key does not lead with tenant_id") }
        }
        // Any SQL running as the runtime role can set app.tenant_id; only the signed claim may select a tenant.
        let trusting = try connection.query(
            """
            SELECT DISTINCT c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
             WHERE coalesce(pg_get_expr(p.polqual, p.polrelid), '') || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
                   LIKE '%app.tenant_id%'
            UNION ALL
            SELECT 'function ' || p.proname FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace AND p.prosrc LIKE '%app.tenant_id%'
            """
        )
        problems += try trusting.map {
            let name = try $0.text(0)
            return name.hasPrefix("function ")
                ? "\(name) trusts the bare app.tenant_id setting" : "\(name): a policy trusts the bare app.tenant_id setting"
        }
        problems += try distributionProblems()
        let views = try connection.query(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'v'
               AND NOT coalesce('security_invoker=true' = ANY (c.reloptions) OR 'security_invoker=on' = ANY (c.reloptions), false)
            """
        )
        problems += try views.map { "\(try $0.text(0)): view is not security_invoker" }

        let role = try connection.query("SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1", [runtimeRole])
        if let role = role.first {
            if role[0] == "t" { problems.append("\(runtimeRole) is a superuser") }
            if role[1] == "t" { problems.append("\(runtimeRole) has BYPASSRLS") }
            if role[2] == "t" || role[3] == "t" { problems.append("\(runtimeRole) may create roles or databases") }
        } else {
            problems.append("role \(runtimeRole) does not exist")
        }
        let owned = try connection.query(
            """
            SELECT 'table ' || c.relname FROM pg_class c WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = $1)
            UNION ALL SELECT 'function ' || p.proname FROM pg_proc p WHERE p.proowner = (SELECT oid FROM pg_roles WHERE rolname = $1)
            UNION ALL SELECT 'schema ' || s.nspname FROM pg_namespace s WHERE s.nspowner = (SELECT oid FROM pg_roles WHERE rolname = $1)
            UNION ALL SELECT 'type ' || t.typname FROM pg_type t WHERE t.typowner = (SELECT oid FROM pg_roles WHERE rolname = $1)
            """,
            [runtimeRole]
        )
        problems += try owned.map { "\(runtimeRole) owns \(try $0.text(0))" }
        let memberships = try connection.query(
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = $1)",
            [runtimeRole]
        )
        problems += try memberships.map { "\(runtimeRole) is a member of \(try $0.text(0))" }

        let definers = try connection.query(
            """
            SELECT p.proname,
                   coalesce(EXISTS (SELECT 1 FROM unnest(p.proconfig) cfg WHERE cfg LIKE 'search_path=%'), false),
                   p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) x WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE')
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND p.prosecdef
            """
        )
        for row in definers {
            if row[1] != "t" { problems.append("SECURITY DEFINER function \(try row.text(0)) does not set search_path") }
            if row[2] == "t" { problems.append("SECURITY DEFINER function \(try row.text(0)) is executable by PUBLIC") }
        }
        return problems
    }

    /// What would stop a table from being distributed by `tenant_id` (Citus): every unique index of a tenant table
    /// must include `tenant_id`, and a foreign key to another tenant table must carry `tenant_id` to `tenant_id`.
    func distributionProblems() throws -> [String] {
        let rows = try connection.query(
            """
            WITH tenant_tables AS (
                SELECT c.oid, c.relname, a.attnum AS tenant_col
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p'))
            SELECT t.relname || ': unique index ' || i.relname || ' does not include tenant_id'
              FROM tenant_tables t JOIN pg_index x ON x.indrelid = t.oid AND x.indisunique
              JOIN pg_class i ON i.oid = x.indexrelid
             WHERE NOT (t.tenant_col = ANY (x.indkey::int2[]))
            UNION ALL
            SELECT t.relname || ': foreign key ' || k.conname || ' to ' || r.relname || ' does not join on tenant_id'
              FROM tenant_tables t JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype = 'f'
              JOIN tenant_tables r ON r.oid = k.confrelid
             WHERE NOT EXISTS (SELECT 1 FROM unnest(k.conkey, k.confkey) AS pair(local, remote)
                                WHERE pair.local = t.tenant_col AND pair.remote = r.tenant_col)
             ORDER BY 1
            """
        )
        return try rows.map { try $0.text(0) }
    }
}
