import Foundation
import Hummingbird

/// Question banks and their category trees: list, create a bank, add a category.
public struct BanksController: Sendable, ServiceController {
    let services: AppServices
    let banks = BankRepository()

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        try await render(context, notice: request.notice(.bankCreated, .categoryCreated)?.message, problems: [], status: .ok)
    }

    @Sendable func createBank(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let description = (form["description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count), description.count <= 2_000 else {
            return try await render(
                context,
                notice: nil,
                problems: ["Bank name: 1 to 200 characters. Description: at most 2,000."],
                status: .unprocessableContent,
                typed: (name, description)
            )
        }
        let source = context.auditSource(request)
        let created = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await banks.createBank(name: name, description: description, source: source, in: db) != nil
        }
        guard created else {
            let problem = "A bank called “\(name)” already exists. Choose another name."
            return try await render(context, notice: nil, problems: [problem], status: .conflict, typed: (name, description))
        }
        return .seeOther(.banks, context.tenant.slug, notice: .bankCreated)
    }

    @Sendable func createCategory(_ request: Request, context: SignedInContext) async throws -> Response {
        guard let bankID = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let form = try await request.postedForm()
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let parentID = form["parent"].flatMap(UUID.init(uuidString:))
        guard (1...100).contains(name.count) else {
            return try await render(context, notice: nil, problems: ["Category name: 1 to 100 characters."], status: .unprocessableContent)
        }
        let source = context.auditSource(request)
        let problem: String? = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard try await banks.bank(bankID, in: db) != nil else { throw AppError.notFound }
            var path = [name]
            if let parentID {
                guard let parent = try await banks.category(parentID, in: db), parent.bankID == bankID else { throw AppError.notFound }
                guard parent.path.count < 10 else { return "Categories nest at most 10 deep." }
                path = parent.path + [name]
            }
            let existing = try await banks.categories(bankID: bankID, in: db)
            guard !existing.contains(where: { $0.path == path }) else { return "That category already exists." }
            let category = try await banks.ensureCategory(bankID: bankID, path: path, in: db)
            try await AuditLog().record(
                source.event(
                    .categoryCreated,
                    targetType: "question_bank",
                    targetID: bankID,
                    targetLabel: category.label,
                    after: ["category": category.label]
                ),
                in: db
            )
            return nil
        }
        if let problem { return try await render(context, notice: nil, problems: [problem], status: .conflict) }
        return .seeOther(.banks, context.tenant.slug, notice: .categoryCreated)
    }

    /// The page; `typed` is what a refused "new bank" form held, shown again so nothing typed is lost.
    private func render(
        _ context: SignedInContext,
        notice: String?,
        problems: [String],
        status: HTTPResponse.Status,
        typed: (name: String, description: String) = ("", "")
    ) async throws -> Response {
        let (bankList, categories) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            (try await banks.banks(in: db), try await banks.categories(in: db))
        }
        let slug = context.tenant.slug
        let canEdit = context.user.role.may(.editQuestions)
        let model = BanksPage(
            chrome: Chrome(title: "Banks and categories", context: context, section: "questions"),
            notice: notice,
            problems: problems,
            hasProblems: !problems.isEmpty,
            banks: bankList.map { bank in
                let own = categories.filter { $0.bankID == bank.id }
                return BankView(
                    key: bank.id.lowercasedString,
                    name: bank.name,
                    description: bank.description.isEmpty ? nil : bank.description,
                    questionsHref: TenantPage.questions.href(slug, query: [("bank", bank.id.lowercasedString)]),
                    categories: own.map { CategoryView(id: $0.id.lowercasedString, label: $0.label, depth: $0.path.count) },
                    categoryAction: canEdit ? TenantPage.bankCategories(bank.id).href(slug) : nil
                )
            },
            createAction: canEdit ? TenantPage.banks.href(slug) : nil,
            typedName: typed.name,
            typedDescription: typed.description,
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}

struct CategoryView: Encodable {
    let id: String
    let label: String
    let depth: Int
}

struct BankView: Encodable {
    let key: String
    let name: String
    let description: String?
    let questionsHref: String
    let categories: [CategoryView]
    let categoryAction: String?
}

struct BanksPage: Page {
    static let template = "questions/banks"
    let chrome: Chrome
    let notice: String?
    let problems: [String]
    let hasProblems: Bool
    let banks: [BankView]
    let createAction: String?
    let typedName: String
    let typedDescription: String
    let csrfToken: String
}
