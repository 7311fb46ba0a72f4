import Foundation
import Logging
import PostgresNIO

/// One row of the people list.
public struct PersonRow: Sendable {
    public let user: User
    public let lockedUntil: Date?
    public var lastSignIn: Date? = nil
    /// The row's sort key as the next page's position starts from it.
    public var cursor: String = ""
    /// Their personal data was deleted: the row is a pseudonym kept for statistics and the audit log.
    public var erased: Bool = false
}

/// Lists and changes the people of the current tenant on an admin's behalf.
public struct PeopleRepository: Sendable {
    public init() {}

    /// Up to `limit` people matching `filter` after its position, in its order (keyset, never OFFSET), and how many
    /// match in all.
    public func page(_ filter: PeopleFilter, limit: Int, now: Date, in db: TenantConnection) async throws -> (page: KeysetPage<PersonRow>, total: Int)
    {
        if !filter.isNarrowed, filter.sort == .email, filter.after == nil, limit == ListPage.size {
            // The list as an admin lands on it: fixed statements, prepared (``FixedStatement``).
            let rows = try await db.rows(PeopleFirstPageStatement(bindings: .init(db.tenantID)))
            let page = try await Self.listed(rows, tenantID: db.tenantID, limit: limit)
            return (page, try await db.first(PeopleCountStatement(bindings: .init(db.tenantID)), as: Int.self) ?? 0)
        }
        let (key, order, compare, cast) =
            switch filter.sort {
            case .email: ("u.email", "ASC", ">", "text")
            case .name: ("lower(u.name)", "ASC", ">", "text")
            case .lastSignIn: ("coalesce(u.last_sign_in_at, 'epoch'::timestamptz)", "DESC", "<", "timestamptz")
            case .newest: ("u.created_at", "DESC", "<", "timestamptz")
            }
        let printed = cast == "text" ? key : "to_char(\(key) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
        let monthAgo = now.addingTimeInterval(-30 * 86_400)
        let matches = """
            u.tenant_id = $1
               AND ($2::text IS NULL OR position($2 IN u.email) > 0 OR position($2 IN lower(u.name)) > 0)
               AND ($3::text IS NULL OR u.role = $3) AND ($4::text IS NULL OR u.status = $4)
               AND ($5::boolean IS NULL OR (u.totp_enabled_at IS NOT NULL) = $5)
               AND ($6::text IS NULL OR ($6 = 'never' AND u.last_sign_in_at IS NULL)
                    OR ($6 = 'recent' AND u.last_sign_in_at > $7) OR ($6 = 'idle' AND u.last_sign_in_at <= $7))
            """
        var bindings = PostgresBindings()
        bindings.append(db.tenantID)
        bindings.append(filter.search)
        bindings.append(filter.role?.rawValue)
        bindings.append(filter.status?.rawValue)
        bindings.append(filter.twoFactor)
        bindings.append(filter.activity?.rawValue)
        bindings.append(monthAgo)
        let counted = PostgresQuery(unsafeSQL: "SELECT count(*) FROM users u WHERE \(matches)", binds: bindings)
        bindings.append(filter.after?.key)
        bindings.append(filter.after?.id)
        let listed = PostgresQuery(
            unsafeSQL: """
                SELECT \(Self.listColumns(printedKey: printed)) FROM users u
                 WHERE \(matches) AND ($8::text IS NULL OR (\(key), u.id) \(compare) ($8::\(cast), $9::uuid))
                 ORDER BY \(key) \(order), u.id \(order) LIMIT \(limit + 1)
                """,
            binds: bindings
        )
        let page = try await Self.listed(try await db.connection.send(listed, logger: db.logger), tenantID: db.tenantID, limit: limit)
        let total = try await db.first(counted, as: Int.self) ?? 0
        return (page, total)
    }

    /// The people list's columns, with the sort key printed as the next page's position reads it.
    static func listColumns(printedKey: String) -> String {
        "\(UserRepository.userColumns), u.locked_until, u.last_sign_in_at, \(printedKey), u.erased_at IS NOT NULL"
    }

    /// Decodes the people list's rows (``listColumns(printedKey:)``) into a page of `limit`.
    private static func listed<Rows: AsyncSequence>(
        _ listed: Rows,
        tenantID: UUID,
        limit: Int
    ) async throws
        -> KeysetPage<PersonRow> where Rows.Element == PostgresRow
    {
        var rows: [PersonRow] = []
        for try await row in listed {
            let columns = row.makeRandomAccess()
            rows.append(
                PersonRow(
                    user: try UserRepository.decodeUser(columns, tenantID: tenantID),
                    lockedUntil: try columns[7].decode(Date?.self),
                    lastSignIn: try columns[8].decode(Date?.self),
                    cursor: try columns[9].decode(String.self),
                    erased: try columns[10].decode(Bool.self)
                )
            )
        }
        return KeysetPage(fetched: rows, limit: limit)
    }

    /// One person of this tenant, or nil (ids from the URL are checked here, against the tenant).
    public func find(id: UUID, in db: TenantConnection) async throws -> PersonRow? {
        for try await row in try await db.connection.send(
            """
            SELECT \(unescaped: UserRepository.userColumns), u.locked_until, u.erased_at IS NOT NULL FROM users u
             WHERE u.tenant_id = \(db.tenantID) AND u.id = \(id)
            """,
            logger: db.logger
        ) {
            let columns = row.makeRandomAccess()
            return PersonRow(
                user: try UserRepository.decodeUser(columns, tenantID: db.tenantID),
                lockedUntil: try columns[7].decode(Date?.self),
                erased: try columns[8].decode(Bool.self)
            )
        }
        return nil
    }

    public func unlock(id: UUID, in db: TenantConnection) async throws {
        try await db.run(
            "UPDATE users SET locked_until = NULL, failed_logins = 0, lock_count = 0 WHERE tenant_id = \(db.tenantID) AND id = \(id)"
        )
    }

    public func setStatus(id: UUID, status: UserStatus, in db: TenantConnection) async throws {
        try await db.run(
            "UPDATE users SET status = \(status.rawValue), updated_at = now() WHERE tenant_id = \(db.tenantID) AND id = \(id)"
        )
    }
}

extension PeopleRepository {
    /// Gives a person another role.
    public func setRole(id: UUID, role: Role, in db: TenantConnection) async throws {
        try await db.run("UPDATE users SET role = \(role.rawValue) WHERE tenant_id = \(db.tenantID) AND id = \(id)")
    }

    /// How many active owners the tenant has.
    public func activeOwners(in db: TenantConnection) async throws -> Int {
        try await db.first("SELECT count(*) FROM users WHERE tenant_id = \(db.tenantID) AND role = 'owner' AND status = 'active'", as: Int.self) ?? 0
    }
}

/// How many people the tenant (`$1`) has: the people list's total when nothing narrows it.
struct PeopleCountStatement: FixedStatement {
    static let name = "people_count"
    static let sql = "SELECT count(*) FROM users u WHERE u.tenant_id = $1"
    let bindings: PostgresBindings
}

/// The people list's first page by email, nothing narrowing it, of the tenant `$1`.
struct PeopleFirstPageStatement: FixedStatement {
    static let name = "people_first_page"
    static let sql = """
        SELECT \(PeopleRepository.listColumns(printedKey: "u.email")) FROM users u
         WHERE u.tenant_id = $1 ORDER BY u.email ASC, u.id ASC LIMIT \(ListPage.size + 1)
        """
    let bindings: PostgresBindings
}
