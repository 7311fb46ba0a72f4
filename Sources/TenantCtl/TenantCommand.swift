import App
import ArgumentParser
import Foundation

struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Create, list, show, suspend and resume tenants.",
        subcommands: [Create.self, List.self, Show.self, Suspend.self, Resume.self, SetPlan.self, SetSubscription.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and its owner; prints the owner's one-time password.")
        @Option(help: "URL name: lowercase letters, digits and hyphens.") var slug: String
        @Option(help: "Company name shown to users.") var name: String
        @Option(help: "Plan id (free, team, enterprise).") var plan = "team"
        @Option(help: "Email of the first owner.") var ownerEmail: String
        @Option(help: "Name of the first owner.") var ownerName: String?

        func run() async throws {
            let created = try await withOperator {
                try await $0.create(slug: slug, name: name, plan: plan, ownerEmail: ownerEmail, ownerName: ownerName, ownerPassword: nil)
            }
            print("created tenant \(slug) (\(created.tenantID))")
            print("owner: \(created.ownerEmail)")
            print("one-time password: \(created.ownerPassword)")
            print("hand the password over privately; it is not stored in readable form and is shown only now")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every tenant as a table.")
        func run() async throws {
            let rows = try await withOperator { try await $0.list() }
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

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one tenant's settings and figures.")
        @Argument(help: "The tenant's slug.") var slug: String
        func run() async throws {
            let facts = try await withOperator { try await $0.show(slug: slug) }
            let width = facts.map(\.0.count).max() ?? 0
            for (label, value) in facts { print("\(label.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)") }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a tenant: sign-in stops and live sessions end.")
        @Argument(help: "The tenant's slug.") var slug: String
        @Option(help: "Why, for the audit log.") var reason: String
        func run() async throws {
            try await withOperator { try await $0.suspend(slug: slug, reason: reason) }
            print("suspended \(slug); its sessions have ended")
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended tenant.")
        @Argument(help: "The tenant's slug.") var slug: String
        func run() async throws {
            try await withOperator { try await $0.resume(slug: slug) }
            print("resumed \(slug)")
        }
    }
}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users of a tenant.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; prints a one-time password.")
        @Option(help: "The tenant's slug.") var tenant: String
        @Option var email: String
        @Option var name: String
        @Option(help: "owner, admin, editor, translator, auditor or candidate.") var role: String = "candidate"

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw OperatorError.invalid("role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let password = SecureRandom.password()
            _ = try await withOperator {
                try await $0.createUser(slug: tenant, email: email, name: name, role: role, password: password, oneTime: true)
            }
            print("created \(email) in \(tenant) as \(role.rawValue)")
            print("one-time password: \(password)")
        }
    }
}
