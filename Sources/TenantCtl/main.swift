import App
import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import SchemaTools

/// `tenantctl`: the platform operator's tool. Connects as `coach_owner` using COACH_DB_*, COACH_OWNER_PASSWORD and
/// COACH_TENANT_CLAIM_KEY, through the server's own `Database`, repositories and audit log.
struct TenantCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenantctl",
        abstract: "Operate Interview Coach Enterprise: migrate the database and manage tenants.",
        subcommands: [
            Migrate.self, TenantCommand.self, UserCommand.self, AuditCommand.self, BankCommand.self, PlanCommand.self, OutboxCommand.self, Demo.self,
        ]
    )

    /// Parses the arguments, runs the command, and maps errors to messages and exit codes.
    static func start() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as OperatorError {
            fail("error: \(error.description)", status: 2)
        } catch let error as AppError {
            fail("error: \(error.message)", status: 2)
        } catch let error as ConfigurationError {
            fail("error: \(error.description)", status: 2)
        } catch let error as PQError {
            fail("database error: \(error.description)", status: 1)
        } catch let error as PSQLError {
            fail("database error: \(error.serverInfo?[.message] ?? "\(error.code)")", status: 1)
        } catch {
            if exitCode(for: error) == .validationFailure {
                // Usage mistakes exit with 2, the convention for command-line misuse.
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("tenantctl: \(message)\n".utf8))
        Foundation.exit(status)
    }
}

/// The owner's connection settings from the environment.
func ownerConfiguration() throws -> DatabaseConfiguration {
    try DatabaseConfiguration.fromEnvironment(
        ProcessInfo.processInfo.environment,
        userVariable: "COACH_OWNER_USER",
        defaultUser: "coach_owner",
        passwordVariable: "COACH_OWNER_PASSWORD"
    )
}

/// Runs `body` with the operator's ``TenantAdmin`` over a small pool of owner connections that lives as long as `body`.
func withOperator<Result: Sendable>(_ body: (TenantAdmin) async throws -> Result) async throws -> Result {
    let claims = try TenantClaim(key: AppConfiguration.tenantClaimKey())
    var logger = Logger(label: "tenantctl")
    logger.logLevel = .error
    let database = Database(configuration: try ownerConfiguration(), claims: claims, maximumConnections: 2, logger: logger)
    let user = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.userName
    return try await database.running { database in
        try await body(TenantAdmin(database: database, actor: "operator:\(user)", logger: logger))
    }
}

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply every pending migration in one transaction.")

    @Option(help: "Folder holding NNNN_name.sql files.")
    var directory = ProcessInfo.processInfo.environment["COACH_MIGRATIONS_DIR"] ?? "migrations"

    @Flag(help: "Only report whether migrations are pending; exit 1 if any are.")
    var check = false

    func run() throws {
        // The migrator and the catalog check stay on libpq: whole SQL files run as one simple-protocol script.
        let connection = try PQConnection(try ownerConfiguration())
        let migrator = Migrator(directory: directory)
        if check {
            let status = try migrator.status(connection)
            if let problem = status.problem {
                print(problem)
                throw ExitCode(1)
            }
            print("database is up to date")
            return
        }
        let applied = try migrator.migrate(connection)
        try TenantClaimKey.store(try AppConfiguration.tenantClaimKey(), on: connection)
        print(applied.isEmpty ? "database is up to date" : "applied \(applied.joined(separator: ", "))")
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Provision the demo tenants acme and globex, their people and acme's question bank (idempotent)."
    )
    @Option(help: "Environment variable holding the demo password (kept out of the process list).")
    var passwordEnv = "DEMO_PASSWORD"
    @Option(help: "Folder with the demo bank's files.")
    var content = ProcessInfo.processInfo.environment["COACH_DEMO_DIR"] ?? "scripts/demo"

    func run() async throws {
        guard let password = ProcessInfo.processInfo.environment[passwordEnv], password.count >= 12 else {
            throw OperatorError.invalid("set \(passwordEnv) to a password of at least 12 characters")
        }
        let environment = ProcessInfo.processInfo.environment
        let box = try environment["COACH_DATA_KEYS"].map { try SecretBox.parse($0) }
        let publicURL = environment["COACH_PUBLIC_URL"] ?? "http://127.0.0.1:8080"
        try await withOperator { try await $0.seedDemo(password: password, content: URL(fileURLWithPath: content), box: box, publicURL: publicURL) }
        print("demo tenants acme and globex are ready")
    }
}

await TenantCtl.start()
