import Foundation
import Hummingbird

/// The question bank's pages: list, new, show, edit, history, diff, publish, archive and restore.
public struct QuestionsController: Sendable, ServiceController {
    let services: AppServices
    let questions = QuestionRepository()
    let banks = BankRepository()
    public static let pageSize = ListPage.size

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let filter = QuestionFilter(query: request.formQuery)
        let listing = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await questions.listing(filter, in: db)
        }
        let (page, bankList, categoryList) = (listing.page, listing.banks, listing.categories)
        let languages = (all: context.tenant.languages, default: context.tenant.defaultLanguage)
        let slug = context.tenant.slug
        let role = context.user.role
        let model = QuestionListPage(
            chrome: Chrome(title: "Questions", context: context, section: "questions"),
            notice: request.notice(.bulkDone, .imported)?.message,
            search: filter.search ?? "",
            tag: filter.tag ?? "",
            banks: Self.options(bankList.map { ($0.id.lowercasedString, $0.name) }, selected: filter.bankID?.lowercasedString),
            categories: Self.options(
                categoryList.map { ($0.id.lowercasedString, "\(listing.names.banks[$0.bankID] ?? "") › \($0.label)") },
                selected: filter.categoryID?.lowercasedString
            ),
            difficulties: Self.options(Difficulty.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: filter.difficulty?.rawValue),
            levels: Self.options(Level.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: filter.level?.rawValue),
            statuses: Self.options(QuestionStatus.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: filter.status?.rawValue),
            translations: Self.options(
                languages.all.filter { $0 != languages.default }.flatMap { language in
                    TranslationState.allCases.map { ("\(language):\($0.rawValue)", "\(language): \($0.label.lowercased())") }
                },
                selected: filter.translationLanguage.flatMap { l in filter.translationState.map { "\(l):\($0.rawValue)" } }
            ),
            sorts: QuestionFilter.Sort.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.sort) },
            needsChecking: filter.needsChecking,
            rows: page.rows.map { row in
                let q = row.question
                return QuestionRowView(
                    id: q.id.lowercasedString,
                    href: TenantPage.question(q.id).href(slug),
                    summary: Markdown.summary(q.content.prompt),
                    bank: q.bankName,
                    category: q.categoryPath.isEmpty ? nil : q.categoryPath.joined(separator: " / "),
                    difficulty: q.content.difficulty.rawValue,
                    level: q.content.level.rawValue,
                    status: q.status.rawValue,
                    version: q.latestVersion,
                    unpublished: q.status == .published && q.hasUnpublishedChanges,
                    updated: UTCFormat.day.string(from: q.updatedAt)
                )
            },
            hasRows: !page.rows.isEmpty,
            narrowed: filter.isNarrowed,
            hasBanks: !bankList.isEmpty,
            clearHref: TenantPage.questions.href(slug),
            newHref: role.may(.editQuestions) ? TenantPage.newQuestion.href(slug) : nil,
            banksHref: TenantPage.banks.href(slug),
            importHref: role.may(.editQuestions) ? TenantPage.questionsImport.href(slug) : nil,
            exportHref: TenantPage.questionsExport.href(slug, query: filter.queryItems()),
            bulkAction: role.may(.publishQuestions) ? TenantPage.questionsBulk.href(slug) : nil,
            listQuery: filter.queryItems(withPosition: true).queryString,
            nextHref: page.hasMore
                ? page.rows.last.map { last in
                    var next = filter
                    next.after = last.cursor
                    return TenantPage.questions.href(slug, query: next.queryItems(withPosition: true))
                } : nil,
            firstHref: filter.after == nil ? nil : TenantPage.questions.href(slug, query: filter.queryItems()),
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }

    /// `<option>`s from (value, label) pairs.
    static func options(_ pairs: [(String, String)], selected: String?) -> [Option] {
        pairs.map { Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
    }

    /// The `:id` of the URL as a UUID; anything else is a 404.
    static func questionID(_ context: SignedInContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        return id
    }

    /// The question named by the URL, in this tenant, or a 404.
    func load(_ context: SignedInContext, lock: Bool = false, in db: TenantConnection) async throws -> Question {
        guard let question = try await questions.find(id: try Self.questionID(context), lock: lock, in: db) else { throw AppError.notFound }
        return question
    }

    /// The editor acting for the signed-in person.
    func editor(_ context: SignedInContext, _ request: Request) -> QuestionEditor {
        QuestionEditor(author: context.user, source: context.auditSource(request))
    }
}
