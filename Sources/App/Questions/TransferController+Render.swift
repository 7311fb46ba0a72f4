import Foundation
import Hummingbird

extension TransferController {
    /// The import page: the upload form, a problem, or a dry run with its apply button.
    func render(
        _ context: SignedInContext,
        problem: String?,
        plan: (plan: ImportPlan, id: UUID, filename: String, format: TransferFormat)?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let bankList = try await database.withTenant(context.tenant.id, logger: context.logger) { db in try await banks.banks(in: db) }
        let slug = context.tenant.slug
        let problems = problem.map { [$0] } ?? []
        let model = ImportPage(
            chrome: Chrome(title: "Import questions", context: context, section: "questions"),
            action: TenantPage.questionsImport.href(slug),
            banks: bankList.map { Option(value: $0.id.lowercasedString, label: $0.name, selected: false) },
            formats: TransferFormat.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: false) },
            problems: problems,
            hasProblems: !problems.isEmpty,
            dryRun: plan.map { plan in
                let counts = plan.plan.counts
                return DryRunView(
                    filename: plan.filename,
                    format: plan.format.label,
                    applyAction: TenantPage.importApply(plan.id).href(slug),
                    digest: QuestionImporter.digest(plan.plan),
                    counts: [
                        ("New questions", counts.create), ("New versions", counts.newVersion), ("Duplicates (no change)", counts.duplicate),
                        ("New categories", counts.createCategory), ("Skipped", counts.skip), ("Rejected", counts.reject),
                    ].map { LabelledValue(label: $0.0, value: "\($0.1)") },
                    rows: plan.plan.rows.map { row in
                        DryRunRow(line: row.line, summary: row.summary, outcome: row.action.sentence, bad: row.action.isRejection)
                    },
                    willChange: counts.create + counts.newVersion + counts.createCategory > 0
                )
            },
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}

struct DryRunRow: Encodable {
    let line: Int
    let summary: String
    let outcome: String
    let bad: Bool
}

struct DryRunView: Encodable {
    let filename: String
    let format: String
    let applyAction: String
    let digest: String
    let counts: [LabelledValue]
    let rows: [DryRunRow]
    let willChange: Bool
}

struct ImportPage: Page {
    static let template = "questions/import"
    let chrome: Chrome
    let action: String
    let banks: [Option]
    let formats: [Option]
    let problems: [String]
    let hasProblems: Bool
    let dryRun: DryRunView?
    let csrfToken: String
}
