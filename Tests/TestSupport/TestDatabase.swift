import App
import Foundation
import Logging
import NIOPosix
import SchemaTools

/// The test cluster `make test` starts: a migrated template database and the role passwords, read from the environment.
public struct TestCluster: Sendable {
    public let owner: DatabaseConfiguration
    public let app: DatabaseConfiguration
    public let template: String
    public let secretKey: [UInt8]
    /// The key `tenantctl migrate` stored in the template: the server's claims must be signed with it.
    public let tenantClaimKey: [UInt8]
    public let repositoryRoot: String
    /// Signs tenant claims as the server does.
    public var claims: TenantClaim { try! TenantClaim(key: tenantClaimKey) }
    public var commonPasswordsPath: String {
        ProcessInfo.processInfo.environment["COACH_COMMON_PASSWORDS"] ?? repositoryRoot + "/.data/common-passwords.txt"
    }

    /// Reads COACH_DB_*, COACH_OWNER_PASSWORD and COACH_APP_PASSWORD; fails with the command to run if they are missing.
    /// Also bootstraps metrics as coach-server does, before any test makes a pool (whose gauges are made once).
    public static func fromEnvironment(file: String = #filePath) throws -> TestCluster {
        bootstrapMetrics()
        let environment = ProcessInfo.processInfo.environment
        guard environment["COACH_OWNER_PASSWORD"] != nil else {
            throw ConfigurationError("the database tests need the test cluster: run `make test` (it exports COACH_* variables)")
        }
        let owner = try DatabaseConfiguration.fromEnvironment(
            environment,
            userVariable: "COACH_OWNER_USER",
            defaultUser: "coach_owner",
            passwordVariable: "COACH_OWNER_PASSWORD"
        )
        let app = try DatabaseConfiguration.fromEnvironment(
            environment,
            userVariable: "COACH_APP_USER",
            defaultUser: "coach_app",
            passwordVariable: "COACH_APP_PASSWORD"
        )
        let root = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        return TestCluster(
            owner: owner,
            app: app,
            template: owner.name,
            secretKey: Array(repeating: 7, count: 32),
            tenantClaimKey: try AppConfiguration.tenantClaimKey(environment),
            repositoryRoot: root
        )
    }

    /// Clones the migrated template into a new database, runs `body`, then drops it.
    public func withFreshDatabase<R>(_ body: (TestDatabase) async throws -> R) async throws -> R {
        let name = "test_" + SecureRandom.bytes(8).hexString
        let template = self.template
        let adminConfiguration = owner.with(database: "postgres")
        var attempt = 0
        while true {
            do {
                try await Self.offPool(adminConfiguration, "CREATE DATABASE \(name) TEMPLATE \(template) OWNER coach_owner")
                break
            } catch let error as PQError where error.sqlState == "55006" && attempt < 50 {
                // Another test is cloning the template at this moment; wait and retry.
                attempt += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let database = TestDatabase(cluster: self, name: name)
        do {
            let result = try await body(database)
            try? await Self.offPool(adminConfiguration, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return result
        } catch {
            try? await Self.offPool(adminConfiguration, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs a blocking libpq statement on NIO's thread pool. CREATE and DROP DATABASE can wait on other backends, and
    /// those may be waiting on async tests; blocking Swift's small cooperative pool here could deadlock the whole run.
    static func offPool(_ configuration: DatabaseConfiguration, _ sql: String) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            try PQConnection(configuration).execute(sql)
        }
    }
}

/// One throwaway database cloned from the template.
public struct TestDatabase: Sendable {
    public let cluster: TestCluster
    public let name: String

    public var ownerConfiguration: DatabaseConfiguration { cluster.owner.with(database: name) }
    public var appConfiguration: DatabaseConfiguration { cluster.app.with(database: name) }

    /// A libpq connection as the schema owner (migrations, tenantctl).
    public func ownerConnection() throws -> PQConnection { try PQConnection(ownerConfiguration) }
    /// Runs one query as the schema owner with `tenantID` selected, in its own transaction.
    @discardableResult
    public func ownerQuery(tenant tenantID: String, _ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let owner = try ownerConnection()
        return try owner.transaction {
            try owner.query("SELECT set_config('app.tenant_claim', tenant_claim($1), true)", [tenantID])
            return try owner.query(sql, parameters)
        }
    }

    /// Seals the tenant's committed audit events now, as coach-server's background sealer would; returns how many.
    @discardableResult
    public func sealAudit(tenant tenantID: String) throws -> Int {
        Int(try ownerQuery(tenant: tenantID, "SELECT audit_seal($1, 2147483647)", [tenantID]).first?.first.flatMap { $0 } ?? "0") ?? 0
    }

    /// A libpq connection as the runtime role the server uses.
    public func appConnection() throws -> PQConnection { try PQConnection(appConfiguration) }
    /// Selects `tenantID` for the current transaction of a runtime-role connection, with a claim signed as the server signs it.
    public func claim(_ tenantID: String, on connection: PQConnection) throws {
        try connection.query("SELECT set_config('app.tenant_claim', $1, true)", [cluster.claims.claim(for: UUID(uuidString: tenantID)!)])
    }
    /// The server's pooled access to this database; the caller runs `client.run()`.
    public func appDatabase(maximumConnections: Int) -> Database {
        Database(configuration: appConfiguration, claims: cluster.claims, maximumConnections: maximumConnections, logger: .test)
    }
    /// Runs `body` as the operator: tenantctl's `TenantAdmin` over an owner pool that lives as long as `body`.
    public func withOperator<Result: Sendable>(
        hashing: PasswordHasher.Parameters = TestDatabase.fastHashing,
        _ body: (TenantAdmin) async throws -> Result
    ) async throws -> Result {
        let owner = Database(configuration: ownerConfiguration, claims: cluster.claims, maximumConnections: 2, logger: .test)
        return try await owner.running { database in
            try await body(TenantAdmin(database: database, hashing: hashing, actor: "operator:test", logger: .test))
        }
    }

    /// Cheap argon2id settings so fixtures are quick; the OWASP setting is tested separately.
    public static let fastHashing = PasswordHasher.Parameters(memoryKiB: 1024, iterations: 1, parallelism: 1)

    /// Server configuration pointing at this database.
    public func appConfiguration(migrationsDirectory: String? = nil) -> AppConfiguration {
        cluster.appConfiguration(database: appConfiguration, migrationsDirectory: migrationsDirectory)
    }
}

extension TestCluster {
    /// Server configuration for `database`, with the repository's files, fast password hashing and no background
    /// audit sealer (the tests that need one turn it on).
    public func appConfiguration(database: DatabaseConfiguration, migrationsDirectory: String? = nil) -> AppConfiguration {
        var configuration = AppConfiguration(
            database: database,
            templatesDirectory: repositoryRoot + "/Templates",
            publicDirectory: repositoryRoot + "/Public",
            migrationsDirectory: migrationsDirectory ?? repositoryRoot + "/migrations",
            secretKey: secretKey,
            secureCookies: false,
            passwordHashing: TestDatabase.fastHashing,
            dataKeys: "1=" + Data(repeating: 9, count: 32).base64EncodedString(),
            commonPasswordsPath: commonPasswordsPath,
            tenantClaimKey: tenantClaimKey
        )
        configuration.auditSealInterval = nil
        return configuration
    }
}

/// Two tenants with an owner and a candidate each, the fixture most tests start from.
public struct TwoTenants: Sendable {
    public static let password = "correct horse battery staple"
    public let acmeID: String
    public let globexID: String

    public static func create(in database: TestDatabase) async throws -> TwoTenants {
        try await database.withOperator { try await create(with: $0) }
    }

    public static func create(with admin: TenantAdmin) async throws -> TwoTenants {
        let acme = try await admin.create(
            slug: "acme",
            name: "Acme Corporation",
            plan: "team",
            ownerEmail: "owner@acme.test",
            ownerName: "Olivia Owner",
            ownerPassword: password
        )
        try await admin.createUser(slug: "acme", email: "candidate@acme.test", name: "Casey Candidate", role: .candidate, password: password)
        let globex = try await admin.create(
            slug: "globex",
            name: "Globex",
            plan: "free",
            ownerEmail: "owner@globex.test",
            ownerName: "Gina Globex",
            ownerPassword: password
        )
        try await admin.createUser(slug: "globex", email: "candidate@globex.test", name: "Gus Candidate", role: .candidate, password: password)
        return TwoTenants(acmeID: acme.tenantID, globexID: globex.tenantID)
    }
}

extension Logger {
    /// A quiet logger for tests: warnings and worse.
    public static var test: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }
}

extension AppDependencies {
    /// What `buildRouter` needs for `configuration`, with `database` as the pool: the repository's templates, the data
    /// keys and the common-password list, loaded as coach-server loads them.
    public static func loaded(_ configuration: AppConfiguration, database: Database) async throws -> AppDependencies {
        AppDependencies(
            configuration: configuration,
            database: database,
            views: try await Views(directory: configuration.templatesDirectory),
            secretBox: try SecretBox.parse(configuration.dataKeys),
            passwordPolicy: try PasswordPolicy.load(path: configuration.commonPasswordsPath)
        )
    }
}
