import Foundation
import Hummingbird

extension QuestionsController {
    @Sendable func new(_ request: Request, context: SignedInContext) async throws -> Response {
        var form = QuestionForm()
        let query = request.formQuery
        form.bank = query["bank"].flatMap(UUID.init(uuidString:))?.lowercasedString ?? ""
        return try await renderForm(form, context: context, question: nil, problems: [], preview: false, status: .ok)
    }

    @Sendable func create(_ request: Request, context: SignedInContext) async throws -> Response {
        let fields = try await request.postedForm()
        let form = QuestionForm(form: fields)
        let (draft, formProblems) = form.draft()
        if fields["intent"] == "preview" || draft == nil {
            return try await renderForm(
                form,
                context: context,
                question: nil,
                problems: formProblems,
                preview: fields["intent"] == "preview",
                status: formProblems.isEmpty ? .ok : .unprocessableContent
            )
        }
        guard let draft else { throw AppError.badRequest }
        let editor = self.editor(context, request)
        let outcome = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await editor.create(draft, in: db)
        }
        switch outcome {
        case .created(let id): return .seeOther(.question(id), context.tenant.slug, notice: .questionCreated)
        case .problems(let problems):
            return try await renderForm(form, context: context, question: nil, problems: problems, preview: false, status: .unprocessableContent)
        case .saved, .unchanged: throw AppError.badRequest
        }
    }

    @Sendable func edit(_ request: Request, context: SignedInContext) async throws -> Response {
        let question = try await database.withTenant(context.tenant.id, logger: context.logger) { db in try await load(context, in: db) }
        return try await renderForm(QuestionForm(question: question), context: context, question: question, problems: [], preview: false, status: .ok)
    }

    @Sendable func save(_ request: Request, context: SignedInContext) async throws -> Response {
        let fields = try await request.postedForm()
        var form = QuestionForm(form: fields)
        let editor = self.editor(context, request)
        let (question, outcome) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let question = try await load(context, lock: true, in: db)
            // Where a question lives is not part of a version: bulk "move" changes it.
            form.bank = question.bankID.lowercasedString
            form.category = question.categoryID?.lowercasedString ?? ""
            form.externalKey = question.externalKey ?? ""
            let (draft, problems) = form.draft()
            guard fields["intent"] != "preview", let draft else { return (question, SaveOutcome.problems(problems)) }
            return (question, try await editor.save(draft, to: question, in: db))
        }
        switch outcome {
        case .saved: return .seeOther(.question(question.id), context.tenant.slug, notice: .versionSaved)
        case .unchanged: return .seeOther(.question(question.id), context.tenant.slug, notice: .unchanged)
        case .problems(let problems):
            let preview = fields["intent"] == "preview"
            return try await renderForm(
                form,
                context: context,
                question: question,
                problems: problems,
                preview: preview,
                status: problems.isEmpty ? .ok : .unprocessableContent
            )
        case .created: throw AppError.badRequest
        }
    }

    /// The new or edit form, with problems and an optional preview of the Markdown fields.
    func renderForm(
        _ form: QuestionForm,
        context: SignedInContext,
        question: Question?,
        problems: [String],
        preview: Bool,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let (bankList, categoryList) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            (try await banks.banks(in: db), try await banks.categories(in: db))
        }
        if bankList.isEmpty && question == nil { return .seeOther(.banks, context.tenant.slug) }
        let slug = context.tenant.slug
        let bankNames = Dictionary(uniqueKeysWithValues: bankList.map { ($0.id, $0.name) })
        var previewHTML: String?
        if preview {
            previewHTML = Markdown.html(form.prompt)
            if !form.hint.isEmpty { previewHTML? += "<h3>Hint</h3>" + Markdown.html(form.hint) }
            if !form.sampleAnswer.isEmpty { previewHTML? += "<h3>Sample answer</h3>" + Markdown.html(form.sampleAnswer) }
        }
        let model = QuestionFormPage(
            chrome: Chrome(title: question == nil ? "New question" : "Edit question", context: context, section: "questions"),
            heading: question.map { "Edit: \(Markdown.summary($0.content.prompt, limit: 80))" } ?? "New question",
            action: question.map { TenantPage.questionPage($0.id, .edit).href(slug) } ?? TenantPage.newQuestion.href(slug),
            cancelHref: question.map { TenantPage.question($0.id).href(slug) } ?? TenantPage.questions.href(slug),
            isEdit: question != nil,
            form: form,
            banks: Self.options(bankList.map { ($0.id.lowercasedString, $0.name) }, selected: form.bank),
            categories: [Option(value: "", label: "(top of the bank)", selected: form.category.isEmpty)]
                + Self.options(
                    categoryList.map { ($0.id.lowercasedString, "\(bankNames[$0.bankID] ?? "") › \($0.label)") },
                    selected: form.category
                ),
            levels: Self.options(Level.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: form.level),
            difficulties: Self.options(Difficulty.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: form.difficulty),
            problems: problems,
            hasProblems: !problems.isEmpty,
            fieldProblems: QuestionFieldProblems(problems),
            previewHTML: previewHTML,
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}
