import Foundation
import Hummingbird

extension PracticeController {
    static let historyPageSize = 25

    /// Every interview of the candidate, newest first, a page at a time (keyset on the previous page's last).
    @Sendable func history(_ request: Request, context: SignedInContext) async throws -> Response {
        let query = request.formQuery
        let after = try query["after"].map { value in
            guard let id = UUID(uuidString: value) else { throw AppError.badRequest }
            return id
        }
        let userID = context.user.id
        let page = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await practice.history(userID: userID, after: after, limit: Self.historyPageSize, in: db)
        }
        let slug = context.tenant.slug
        let model = InterviewHistoryPage(
            chrome: Chrome(title: "Your interviews", context: context, section: "practice"),
            interviews: page.rows.map { row($0, slug) },
            hasInterviews: !page.rows.isEmpty,
            firstHref: after == nil ? nil : TenantPage.practiceHistory.href(slug),
            nextHref: page.hasMore
                ? page.rows.last.map { TenantPage.practiceHistory.href(slug, query: [("after", $0.id.lowercasedString)]) } : nil,
            practiceHref: TenantPage.start.href(slug)
        )
        return try views.render(model)
    }

    /// A finished interview as a document to print, with the print stylesheet and the PDF link.
    @Sendable func report(_ request: Request, context: SignedInContext) async throws -> Response {
        let page = try await reportPage(context, stylesheet: "/css/app.css")
        return try views.render(page)
    }

    /// The report as a PDF: rendered once by headless Chromium, then kept with the interview and served from there.
    @Sendable func pdf(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try interviewID(context)
        let userID = context.user.id
        let progress = ProgressRepository()
        let stored = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let state = try await practice.interview(id, userID: userID, in: db), state.status != "in_progress" else {
                throw AppError.notFound
            }
            return try await progress.report(id, in: db)
        }
        let pdf: [UInt8]
        if let stored {
            pdf = stored
        } else {
            guard let reports = services.reports else {
                throw AppError.conflict("PDF reports are not available on this server. Use your browser's Print button on the report page instead.")
            }
            let page = try await reportPage(context, stylesheet: "app.css")
            let html = try views.html(page)
            pdf = try await reports.printer.pdf(html: html, stylesheet: reports.stylesheet)
            try await database.withTenant(context.tenant.id, logger: context.logger) { db in
                try await progress.storeReport(pdf, interviewID: id, in: db)
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = "attachment; filename=\"interview-report-\(id.lowercasedString.prefix(8)).pdf\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }

    private func reportPage(_ context: SignedInContext, stylesheet: String) async throws -> InterviewReportPage {
        let id = try interviewID(context)
        let userID = context.user.id
        let (state, answers, preferences) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let state = try await practice.interview(id, userID: userID, in: db), state.status != "in_progress" else {
                throw AppError.notFound
            }
            return (state, try await practice.answers(id, in: db), try await ProgressRepository().preferences(userID: userID, in: db))
        }
        let timeZone = preferences.timeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt
        return InterviewReportPage(
            title: "\(state.templateName): report",
            stylesheet: stylesheet,
            offline: stylesheet == "app.css",
            tenantName: context.tenant.name,
            candidate: context.user.name,
            started: state.startedAt.formatted(Date.FormatStyle(date: .long, time: .shortened, timeZone: timeZone)),
            result: try await resultPage(context, state: state, answers: answers),
            pdfHref: TenantPage.interviewAction(id, .pdf).href(context.tenant.slug),
            backHref: TenantPage.interview(id).href(context.tenant.slug)
        )
    }
}
