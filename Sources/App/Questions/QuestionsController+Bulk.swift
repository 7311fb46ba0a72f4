import Foundation
import Hummingbird

/// Bulk publish, archive, move and tag: the list posts the selection to a review page that names exactly which
/// questions change and why the others do not; its confirmation applies that plan or, if anything moved meanwhile,
/// shows the new plan instead.
extension QuestionsController {
    @Sendable func reviewBulk(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        let editor = self.editor(context, request)
        return try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let action = try await Self.bulkAction(form, in: db)
            let plan = try await editor.plan(action, ids: Self.selectedIDs(form), lock: false, in: db)
            return try renderBulk(plan, form: form, problem: nil, context: context)
        }
    }

    @Sendable func applyBulk(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        let editor = self.editor(context, request)
        let slug = context.tenant.slug
        let list = Self.listFilter(form)
        return try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let action = try await Self.bulkAction(form, in: db)
            let plan = try await editor.plan(action, ids: Self.selectedIDs(form), lock: true, in: db)
            guard plan.digest == form["digest"], !plan.changing.isEmpty else {
                let problem = "The questions changed since you reviewed this, so nothing was done. This is what the action would do now."
                return try renderBulk(plan, form: form, problem: problem, context: context, status: .conflict)
            }
            try await editor.apply(plan, in: db)
            return .redirect(to: TenantPage.questions.href(slug, query: list.queryItems() + [(Notice.bulkDone.rawValue, "1")]), type: .normal)
        }
    }

    /// The ids of the ticked `q_<id>` boxes; none is a form to correct, not an error page.
    static func selectedIDs(_ form: [String: String]) throws -> [UUID] {
        let ids = form.keys.filter { $0.hasPrefix("q_") }.compactMap { UUID(uuidString: String($0.dropFirst(2))) }
        guard !ids.isEmpty else { throw AppError.invalid("Select at least one question with its checkbox, then choose what to do.") }
        guard ids.count <= QuestionEditor.bulkLimit else {
            throw AppError.invalid("Select at most \(QuestionEditor.bulkLimit) questions at once.")
        }
        return ids
    }

    /// The action the form names, with its category (of this tenant) or tag.
    static func bulkAction(_ form: [String: String], in db: TenantConnection) async throws -> BulkAction {
        switch form["action"] {
        case "publish": return .publish
        case "archive": return .archive
        case "move":
            guard let text = form["category"], !text.isEmpty else { return .move(nil) }
            guard let id = UUID(uuidString: text), let category = try await BankRepository().category(id, in: db) else {
                throw AppError.invalid("Choose a category from the list to move the questions to.")
            }
            return .move(category)
        case "tag":
            let tag = (form["tag"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard (1...QuestionContent.maxTagLength).contains(tag.count), !tag.contains(",") else {
                throw AppError.invalid("Tag: write one tag of 1 to \(QuestionContent.maxTagLength) characters, without commas.")
            }
            return .tag(tag)
        default:
            throw AppError.invalid("Choose what to do with the selected questions: publish, archive, move or tag.")
        }
    }

    /// The list the selection was made on, so Cancel and the result lead back to the same filter.
    static func listFilter(_ form: [String: String]) -> QuestionFilter {
        QuestionFilter(query: FormBody.parse(form["list"] ?? ""))
    }

    func renderBulk(
        _ plan: BulkPlan,
        form: [String: String],
        problem: String?,
        context: SignedInContext,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let slug = context.tenant.slug
        let count = plan.changing.count
        let noun = count == 1 ? "question" : "questions"
        func row(_ question: Question, _ note: String) -> LabelledValue {
            LabelledValue(label: Markdown.summary(question.content.prompt, limit: 100), value: note)
        }
        let model = BulkReviewPage(
            chrome: Chrome(title: "Review the change", context: context, section: "questions"),
            heading: count == 0 ? "Nothing to change" : "\(plan.action.verb) \(count) \(noun)?",
            problem: problem,
            note: Self.bulkNote(plan.action),
            changing: plan.changing.map { row($0, "version \($0.latestVersion), \($0.status.rawValue)") },
            unchanged: plan.unchanged.map { row($0.question, $0.reason) },
            hasChanging: count > 0,
            hasUnchanged: !plan.unchanged.isEmpty,
            hidden: plan.changing.map { LabelledValue(label: "q_\($0.id.lowercasedString)", value: "1") } + [
                LabelledValue(label: "action", value: form["action"] ?? ""),
                LabelledValue(label: "category", value: form["category"] ?? ""),
                LabelledValue(label: "tag", value: form["tag"] ?? ""),
                LabelledValue(label: "list", value: Self.listFilter(form).queryItems().queryString),
                LabelledValue(label: "digest", value: plan.digest),
            ],
            button: count == 0 ? nil : "\(plan.action.verb) \(count) \(noun)",
            action: TenantPage.questionsBulkApply.href(slug),
            backHref: TenantPage.questions.href(slug, query: Self.listFilter(form).queryItems()),
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }

    static func bulkNote(_ action: BulkAction) -> String {
        switch action {
        case .publish: "Candidates get each question's latest version from then on. Translations whose source changed will need review."
        case .archive: "Candidates stop getting these questions. Their versions, answers and statistics stay, and each can be restored."
        case .move: "Only where the questions live changes; no version is made."
        case .tag: "Each question gets a new version with the tag. Published questions keep their published version until you publish again."
        }
    }
}

struct BulkReviewPage: Page {
    static let template = "questions/bulk"
    let chrome: Chrome
    let heading: String
    let problem: String?
    let note: String
    let changing: [LabelledValue]
    let unchanged: [LabelledValue]
    let hasChanging: Bool
    let hasUnchanged: Bool
    let hidden: [LabelledValue]
    let button: String?
    let action: String
    let backHref: String
    let csrfToken: String
}
