import App
import ArgumentParser
import Foundation

/// `tenantctl`: the platform operator's tool. Connects as `coach_owner` using COACH_DB_* and COACH_OWNER_PASSWORD.
struct TenantCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenantctl",
        abstract: "Operate Interview Coach Enterprise: migrate the database and manage tenants.",
        subcommands: [Migrate.self, TenantCommand.self, UserCommand.self, AuditCommand.self, Demo.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as OperatorError {
            FileHandle.standardError.write(Data("tenantctl: error: \(error.description)\n".utf8))
            Foundation.exit(2)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("tenantctl: error: \(error.description)\n".utf8))
            Foundation.exit(2)
        } catch let error as PQError {
            FileHandle.standardError.write(Data("tenantctl: database error: \(error.description)\n".utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                // Usage mistakes exit with 2, the convention for command-line misuse.
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Opens the owner connection from the environment.
func ownerConnection() throws -> PQConnection {
    let configuration = try DatabaseConfiguration.fromEnvironment(
        ProcessInfo.processInfo.environment,
        userVariable: "COACH_OWNER_USER",
        defaultUser: "coach_owner",
        passwordVariable: "COACH_OWNER_PASSWORD"
    )
    return try PQConnection(configuration)
}

func operatorAdmin() throws -> TenantAdmin {
    let user = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.userName
    return TenantAdmin(connection: try ownerConnection(), actor: "operator:\(user)")
}

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply every pending migration in one transaction.")

    @Option(help: "Folder holding NNNN_name.sql files.")
    var directory = ProcessInfo.processInfo.environment["COACH_MIGRATIONS_DIR"] ?? "migrations"

    @Flag(help: "Only report whether migrations are pending; exit 1 if any are.")
    var check = false

    func run() throws {
        let connection = try ownerConnection()
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

struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Create, list, show, suspend and resume tenants.",
        subcommands: [Create.self, List.self, Show.self, Suspend.self, Resume.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and its owner; prints the owner's one-time password.")
        @Option(help: "URL name: lowercase letters, digits and hyphens.") var slug: String
        @Option(help: "Company name shown to users.") var name: String
        @Option(help: "Plan id (free, team, enterprise).") var plan = "team"
        @Option(help: "Email of the first owner.") var ownerEmail: String
        @Option(help: "Name of the first owner.") var ownerName: String?

        func run() throws {
            let created = try operatorAdmin().create(
                slug: slug,
                name: name,
                plan: plan,
                ownerEmail: ownerEmail,
                ownerName: ownerName,
                ownerPassword: nil
            )
            print("created tenant \(slug) (\(created.tenantID))")
            print("owner: \(created.ownerEmail)")
            print("one-time password: \(created.ownerPassword)")
            print("hand the password over privately; it is not stored in readable form and is shown only now")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every tenant as a table.")
        func run() throws {
            let rows = try operatorAdmin().list()
            if rows.isEmpty {
                print("no tenants yet; create one with `tenantctl tenant create`")
                return
            }
            let table =
                [["SLUG", "NAME", "STATUS", "PLAN", "USERS", "CREATED (UTC)"]]
                + rows.map { [$0.slug, $0.name, $0.status, $0.plan, String($0.users), $0.createdAt] }
            let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
            for row in table {
                print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one tenant's settings and figures.")
        @Argument(help: "The tenant's slug.") var slug: String
        func run() throws {
            let facts = try operatorAdmin().show(slug: slug)
            let width = facts.map(\.0.count).max() ?? 0
            for (label, value) in facts { print("\(label.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)") }
        }
    }

    struct Suspend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a tenant: sign-in stops and live sessions end.")
        @Argument(help: "The tenant's slug.") var slug: String
        @Option(help: "Why, for the audit log.") var reason: String
        func run() throws {
            try operatorAdmin().suspend(slug: slug, reason: reason)
            print("suspended \(slug); its sessions have ended")
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended tenant.")
        @Argument(help: "The tenant's slug.") var slug: String
        func run() throws {
            try operatorAdmin().resume(slug: slug)
            print("resumed \(slug)")
        }
    }
}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users of a tenant.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; prints a one-time password.")
        @Option(help: "The tenant's slug.") var tenant: String
        @Option var email: String
        @Option var name: String
        @Option(help: "owner, admin, editor, translator or candidate.") var role: String = "candidate"

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw OperatorError.invalid("role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let password = SecureRandom.password()
            try operatorAdmin().createUser(slug: tenant, email: email, name: name, role: role, password: password)
            print("created \(email) in \(tenant) as \(role.rawValue)")
            print("one-time password: \(password)")
        }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify and prune tenants' audit chains.",
        subcommands: [Verify.self, Prune.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk a tenant's hash chain; exit 1 if it is broken.")
        @Option(help: "The tenant's slug.") var tenant: String
        func run() throws {
            let result = try operatorAdmin().verifyAudit(slug: tenant)
            print("\(tenant): \(result.summary)")
            if !result.intact { throw ExitCode(1) }
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove events older than each plan's retention, leaving a checkpoint so the chain still verifies."
        )
        @Option(help: "Only this tenant (default: every tenant).") var tenant: String?
        func run() throws {
            for result in try operatorAdmin().pruneAudit(slug: tenant) {
                if let seq = result.checkpointSeq {
                    print("\(result.slug): removed \(result.removed) events up to seq \(seq)")
                } else {
                    print("\(result.slug): nothing older than the plan's retention")
                }
            }
        }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Provision the demo tenants acme and globex (idempotent).")
    @Option(help: "Environment variable holding the demo password (kept out of the process list).")
    var passwordEnv = "DEMO_PASSWORD"

    func run() throws {
        guard let password = ProcessInfo.processInfo.environment[passwordEnv], password.count >= 12 else {
            throw OperatorError.invalid("set \(passwordEnv) to a password of at least 12 characters")
        }
        try operatorAdmin().seedDemo(password: password)
        print("demo tenants acme and globex are ready")
    }
}

TenantCtl.main()
