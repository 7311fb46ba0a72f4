import App
import ArgumentParser
import Foundation

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plans and their limits.",
        subcommands: [List.self, Create.self, Update.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every plan with its limits and how many tenants are on it.")
        func run() async throws {
            let plans = try await withOperator { try await $0.plans() }
            let table =
                [["ID", "NAME", "SEATS", "QUESTIONS", "AUDIT DAYS", "PER MONTH", "TENANTS"]]
                + plans.map {
                    [
                        $0.id, $0.name, String($0.seats), String($0.questions), String($0.retentionDays),
                        String(format: "%.2f", Double($0.monthlyPriceCents) / 100), String($0.tenants),
                    ]
                }
            let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
            for row in table {
                print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
        }
    }
}

/// The limits a plan command may set.
struct PlanLimits: ParsableArguments {
    @Option(help: "Name shown to tenants.") var name: String?
    @Option(help: "Seats: active people plus open invitations.") var seats: Int?
    @Option(help: "Questions that are not archived.") var questions: Int?
    @Option(help: "Days the audit log is kept.") var retentionDays: Int?
    @Option(help: "Price per month in cents.") var monthlyPriceCents: Int?

    func save(_ id: String, update: Bool) async throws {
        let plan = try await withOperator {
            try await $0.savePlan(
                id: id,
                name: name,
                seats: seats,
                questions: questions,
                retentionDays: retentionDays,
                monthlyPriceCents: monthlyPriceCents,
                update: update
            )
        }
        print(
            "\(update ? "updated" : "created") plan \(plan.id) (\(plan.name)): \(plan.seats) seats, \(plan.questions) questions, audit kept \(plan.retentionDays) days"
        )
    }
}

extension PlanCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an operator-defined plan.")
        @Argument(help: "The plan's id: lowercase letters, digits and hyphens.") var id: String
        @OptionGroup var limits: PlanLimits
        func run() async throws { try await limits.save(id, update: false) }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a plan's name, limits or price; what is left out stays.")
        @Argument(help: "The plan's id.") var id: String
        @OptionGroup var limits: PlanLimits
        func run() async throws { try await limits.save(id, update: true) }
    }
}

extension TenantCommand {
    struct SetPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-plan",
            abstract: "Move a tenant to another plan; a downgrade below what it uses is allowed and reported."
        )
        @Argument(help: "The tenant's slug.") var slug: String
        @Option(help: "The plan's id (tenantctl plan list).") var plan: String
        func run() async throws {
            let (from, warnings) = try await withOperator { try await $0.setPlan(slug: slug, plan: plan) }
            print("\(slug): plan \(from) → \(plan)")
            for warning in warnings { print("warning: \(warning); new invitations and questions are refused until it fits") }
        }
    }
}
