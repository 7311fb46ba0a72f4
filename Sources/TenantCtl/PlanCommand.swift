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
                [["ID", "NAME", "STAFF", "CANDIDATES", "QUESTIONS", "LANGUAGES", "AUDIT DAYS", "PER MONTH", "FEATURES", "TENANTS"]]
                + plans.map {
                    let spec = $0.limits
                    return [
                        $0.id, $0.name, String(spec.staffSeats ?? 0), String(spec.candidates ?? 0), String(spec.questions ?? 0),
                        String(spec.languages ?? 0), String(spec.retentionDays ?? 0),
                        String(format: "%.2f", Double(spec.monthlyPriceCents ?? 0) / 100),
                        (spec.features ?? []).map(\.rawValue).joined(separator: ","), String($0.tenants),
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
struct PlanOptions: ParsableArguments {
    @Option(help: "Name shown to tenants.") var name: String?
    @Option(help: "Staff seats (owners, admins, auditors, editors, translators): active people plus open invitations.") var staffSeats: Int?
    @Option(help: "Active candidates plus open candidate invitations.") var candidates: Int?
    @Option(help: "Questions that are not archived.") var questions: Int?
    @Option(help: "Languages a tenant may list.") var languages: Int?
    @Option(help: "Days the audit log is kept.") var retentionDays: Int?
    @Option(help: "Price per month in cents.") var monthlyPriceCents: Int?
    @Option(help: "Comma-separated: two_factor_enforcement, exports, moodle_import (\"\" for none).") var features: String?

    func save(_ id: String, update: Bool) async throws {
        var parsed: [PlanFeature]?
        if let features {
            parsed = try features.split(separator: ",").map { name in
                guard let feature = PlanFeature(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError(
                        "unknown feature '\(name)'; choose from \(PlanFeature.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                return feature
            }
        }
        let spec = TenantAdmin.PlanSpec(
            name: name,
            staffSeats: staffSeats,
            candidates: candidates,
            questions: questions,
            languages: languages,
            retentionDays: retentionDays,
            monthlyPriceCents: monthlyPriceCents,
            features: parsed
        )
        let plan = try await withOperator { try await $0.savePlan(id: id, spec, update: update) }
        print("\(update ? "updated" : "created") plan \(plan.id) (\(plan.name)): \(plan.limits.summary)")
    }
}

extension PlanCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an operator-defined plan.")
        @Argument(help: "The plan's id: lowercase letters, digits and hyphens.") var id: String
        @OptionGroup var limits: PlanOptions
        func run() async throws { try await limits.save(id, update: false) }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a plan's name, limits, price or features; what is left out stays.")
        @Argument(help: "The plan's id.") var id: String
        @OptionGroup var limits: PlanOptions
        func run() async throws { try await limits.save(id, update: true) }
    }
}

extension TenantCommand {
    struct SetPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-plan",
            abstract: "Move a tenant to another plan; a downgrade below what it uses is allowed, reported, and makes it read-only."
        )
        @Argument(help: "The tenant's slug.") var slug: String
        @Option(help: "The plan's id (tenantctl plan list).") var plan: String
        func run() async throws {
            let (from, warnings) = try await withOperator { try await $0.setPlan(slug: slug, plan: plan) }
            print("\(slug): plan \(from) → \(plan)")
            for warning in warnings { print("warning: \(warning); the tenant is read-only until it fits") }
        }
    }

    struct SetSubscription: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-subscription",
            abstract: "Set a tenant's subscription state: trialing, active, past_due (read-only after the grace period), suspended or canceled."
        )
        @Argument(help: "The tenant's slug.") var slug: String
        @Option(help: "trialing, active, past_due, suspended or canceled.") var state: String
        @Option(help: "YYYY-MM-DD (UTC): the trial's end, the grace period's end, or the next renewal.") var until: String?
        func run() async throws {
            guard let parsed = Subscription.State(rawValue: state) else {
                throw ValidationError("--state must be one of: \(Subscription.State.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var date: Date?
            if let until {
                guard let day = UTCFormat.day.date(from: until) else { throw ValidationError("--until must be a date like 2026-12-31") }
                date = day
            }
            let before = try await withOperator { try await $0.setSubscription(slug: slug, state: parsed, until: date) }
            print("\(slug): subscription \(before.rawValue) → \(parsed.rawValue)\(until.map { " until \($0)" } ?? "")")
        }
    }
}
