import App
import ArgumentParser
import Foundation

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Plans and their limits.", subcommands: [List.self])

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
