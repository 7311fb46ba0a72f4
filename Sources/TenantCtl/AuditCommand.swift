import App
import ArgumentParser
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Seal, verify and prune tenants' audit chains.",
        subcommands: [Seal.self, Verify.self, Prune.self]
    )

    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link a tenant's committed audit events into its chain now (coach-server does this in the background)."
        )
        @Option(help: "The tenant's slug.") var tenant: String
        func run() async throws {
            let sealed = try await withOperator { try await $0.sealAudit(slug: tenant) }
            print("\(tenant): sealed \(sealed) events")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk a tenant's hash chain; exit 1 if it is broken.")
        @Option(help: "The tenant's slug.") var tenant: String
        func run() async throws {
            let result = try await withOperator { try await $0.verifyAudit(slug: tenant) }
            print("\(tenant): \(result.summary)")
            if !result.intact { throw ExitCode(1) }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove events older than each plan's retention, leaving a checkpoint so the chain still verifies."
        )
        @Option(help: "Only this tenant (default: every tenant).") var tenant: String?
        func run() async throws {
            for result in try await withOperator({ try await $0.pruneAudit(slug: tenant) }) {
                if let seq = result.checkpointSeq {
                    print("\(result.slug): removed \(result.removed) events up to seq \(seq)")
                } else {
                    print("\(result.slug): nothing older than the plan's retention")
                }
            }
        }
    }
}
