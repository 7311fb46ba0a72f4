import App
import CLibpq
import Foundation

/// A blocking libpq connection, used where postgres-nio cannot help: migrations (multi-statement files), the catalog
/// check and the tests' set-up. Only tenantctl and the tests link it; coach-server talks to PostgreSQL through
/// postgres-nio alone, so it does not load libpq and what libpq loads (OpenSSL, GnuTLS, Kerberos, LDAP).
public final class PQConnection {
    private let handle: OpaquePointer

    /// Connects or throws with libpq's message (the password never appears in it).
    public init(_ configuration: DatabaseConfiguration) throws {
        guard let handle = PQconnectdb(configuration.conninfo) else {
            throw PQError(message: "out of memory connecting to PostgreSQL", sqlState: nil)
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PQError(message: "cannot connect to PostgreSQL at \(configuration.host):\(configuration.port): \(message)", sqlState: nil)
        }
        self.handle = handle
        _ = try? execute("SET client_min_messages = warning")
    }

    deinit { PQfinish(handle) }

    /// Runs one or more statements with the simple query protocol.
    public func execute(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs one parameterised statement and returns every row as optional strings.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let result = withCStringArray(parameters) { values in
            PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result)
        var rows: [[String?]] = []
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            for column in 0..<columnCount {
                values.append(PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column)))
            }
            rows.append(values)
        }
        return rows
    }

    /// Runs `body` in one transaction, rolling back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func check(_ result: OpaquePointer?) throws {
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            throw PQError(message: message.isEmpty ? String(cString: PQerrorMessage(handle)) : message, sqlState: state)
        }
    }
}

/// An error reported by PostgreSQL through libpq.
public struct PQError: Error, CustomStringConvertible {
    public let message: String
    public let sqlState: String?
    public var description: String { message }
}

private func withCStringArray<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
    defer {
        for pointer in pointers { free(pointer) }
    }
    return body(pointers.map { $0.map { UnsafePointer($0) } })
}

extension Array where Element == String? {
    /// Column `index` of a libpq row, which the query promises is not NULL; a NULL or a missing column throws instead of
    /// crashing the operator's command.
    public func text(_ index: Int) throws -> String {
        guard indices.contains(index), let value = self[index] else {
            throw PQError(message: "the database returned no value in column \(index + 1)", sqlState: nil)
        }
        return value
    }
}

extension Array where Element == [String?] {
    /// The first column of the first row (an `INSERT … RETURNING id`, a count).
    public func firstText() throws -> String {
        guard let row = first else { throw PQError(message: "the database returned no row", sqlState: nil) }
        return try row.text(0)
    }
}

extension DatabaseConfiguration {
    /// A libpq connection string; values are quoted so no field can inject another.
    public var conninfo: String {
        func quote(_ value: String) -> String {
            "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        return "host=\(quote(host)) port=\(port) dbname=\(quote(name)) user=\(quote(user)) password=\(quote(password)) connect_timeout=10"
    }
}
