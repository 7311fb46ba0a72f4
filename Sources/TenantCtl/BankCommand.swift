import App
import ArgumentParser
import Foundation

struct BankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank",
        abstract: "Import questions into a tenant's bank and export them, as the admin pages do.",
        subcommands: [Import.self, Export.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a JSON, CSV or Moodle XML file: a dry run row by row, then (without --dry-run) all of it in one transaction."
        )
        @Option(help: "The tenant's slug.") var tenant: String
        @Option(help: "The question file.") var file: String
        @Option(help: "The bank's name (default: the tenant's only bank).") var bank: String?
        @Option(help: "json, csv or moodle-xml (default: guessed from the file).") var format: String?
        @Flag(help: "Only show what the import would do.") var dryRun = false

        func run() async throws {
            let chosen = try format.map { name in
                guard let format = TransferFormat(rawValue: name) else { throw OperatorError.invalid("--format must be json, csv or moodle-xml") }
                return format
            }
            guard let data = FileManager.default.contents(atPath: file) else { throw OperatorError.invalid("cannot read \(file)") }
            let bar = ProgressBar(label: "importing")
            let result = try await withOperator {
                try await $0.importQuestions(
                    slug: tenant,
                    bank: bank,
                    data: data,
                    filename: URL(fileURLWithPath: file).lastPathComponent,
                    format: chosen,
                    dryRun: dryRun,
                    progress: bar.update
                )
            }
            bar.finish()
            for row in result.plan.rows where dryRun || row.action.isRejection {
                print("line \(row.line): \(row.action.sentence)\(row.summary.isEmpty ? "" : " — \(row.summary)")")
            }
            let counts = result.plan.counts
            let summary =
                "\(counts.create) new, \(counts.newVersion) new versions, \(counts.duplicate) duplicates, "
                + "\(counts.createCategory) new categories, \(counts.skip) skipped, \(counts.reject) rejected"
            print("\(result.applied ? "imported into" : "dry run for") \(result.bank) (\(result.format.rawValue)): \(summary)")
            if dryRun { print("nothing was changed; run again without --dry-run to import") }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write every question of a bank as JSON, CSV or Moodle XML.")
        @Option(help: "The tenant's slug.") var tenant: String
        @Option(help: "The bank's name (default: the tenant's only bank).") var bank: String?
        @Option(help: "json, csv or moodle-xml.") var format = "json"
        @Option(help: "Write here instead of standard output.") var output: String?

        func run() async throws {
            guard let format = TransferFormat(rawValue: format) else { throw OperatorError.invalid("--format must be json, csv or moodle-xml") }
            let (count, data) = try await withOperator { try await $0.exportQuestions(slug: tenant, bank: bank, format: format) }
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: data) else { throw OperatorError.invalid("cannot write \(output)") }
                FileHandle.standardError.write(Data("exported \(count) questions to \(output)\n".utf8))
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private var shown = -1

    init(label: String) { self.label = label }

    /// Redraws when the whole percentage changes.
    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        guard percent != shown else { return }
        shown = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        if enabled, shown >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
