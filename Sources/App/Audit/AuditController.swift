import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The audit log pages: filtered list with keyset pagination, event detail, streamed export and chain verification.
public struct AuditController: Sendable, ServiceController {
    let services: AppServices
    let repository = AuditRepository()
    var exporter: AuditExporter { AuditExporter(database: database) }
    public static let pageSize = ListPage.size

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let query = Self.queryDictionary(request)
        let (filter, raw, problems) = AuditFilter.parse(query)
        let before = query["before"].flatMap { Int64($0) }
        let tenantID = context.tenant.id
        let (page, verification) = try await database.withTenant(tenantID, logger: context.logger) { db in
            let page =
                problems.isEmpty
                ? try await repository.page(filter: filter, beforePos: before, limit: Self.pageSize, in: db)
                : KeysetPage(fetched: [], limit: Self.pageSize)
            let view = context.auditEvent(
                .auditRead,
                request,
                targetType: "audit_log",
                details: ["filter": filter.summary, "page_before": before.map(String.init) ?? "newest"]
            )
            return (page, try await repository.recordView(view, in: db))
        }
        let base = TenantPage.audit.href(context.tenant.slug)
        let filterQuery = filter.queryItems.queryString
        let model = AuditListPage(
            chrome: Chrome(title: "Audit log", context: context, section: "audit"),
            raw: raw,
            actionOptions: [Option(value: "", label: "Any action", selected: raw.action.isEmpty)]
                + AuditAction.allCases.map {
                    Option(value: $0.rawValue, label: "\($0.summary) (\($0.rawValue))", selected: raw.action == $0.rawValue)
                },
            outcomeOptions: [Option(value: "", label: "Any outcome", selected: raw.outcome.isEmpty)]
                + AuditOutcome.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: raw.outcome == $0.rawValue) },
            problems: problems,
            rows: page.rows.map { AuditListRow($0, base: base) },
            isFiltered: !filter.queryItems.isEmpty,
            olderHref: page.hasMore ? "\(base)?\((filter.queryItems + [("before", String(page.rows.last!.pos))]).queryString)" : nil,
            newestHref: before != nil ? "\(base)?\(filterQuery)" : nil,
            exportCSVHref: "\(base)/export?\((filter.queryItems + [("format", "csv")]).queryString)",
            exportJSONLHref: "\(base)/export?\((filter.queryItems + [("format", "jsonl")]).queryString)",
            clearHref: base,
            verifyAction: "\(base)/verify",
            badge: verification.map(Badge.init),
            notice: request.notice(.verified)?.message,
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: problems.isEmpty ? .ok : .unprocessableContent)
    }

    @Sendable func detail(_ request: Request, context: SignedInContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let tenantID = context.tenant.id
        let found = try await database.withTenant(tenantID, logger: context.logger) { db in
            guard let found = try await repository.find(id: id, in: db) else { return AuditDetail?.none }
            try await context.record(
                context.auditEvent(
                    .auditRead,
                    request,
                    targetType: "audit_event",
                    targetID: id.uuidString,
                    targetLabel: found.row.seq.map { "seq \($0)" } ?? "unsealed event"
                ),
                in: db
            )
            return found
        }
        guard let found else { throw AppError.notFound }
        let base = TenantPage.audit.href(context.tenant.slug)
        let model = AuditDetailPage(
            chrome: Chrome(title: found.row.seq.map { "Audit event \($0)" } ?? "Audit event (not sealed yet)", context: context, section: "audit"),
            detail: found,
            base: base
        )
        return try views.render(model)
    }

    @Sendable func export(_ request: Request, context: SignedInContext) async throws -> Response {
        let query = Self.queryDictionary(request)
        let (filter, _, problems) = AuditFilter.parse(query)
        guard problems.isEmpty else { throw AppError.invalid(problems.joined(separator: " ")) }
        guard let format = AuditExporter.Format(rawValue: query["format"] ?? "csv") else {
            throw AppError.invalid("Choose CSV or JSON Lines for the export.")
        }
        let tenantID = context.tenant.id
        // The export is recorded before the first byte leaves, so even an interrupted download is on record.
        let plan = context.tenant.subscription.plan
        try await database.withTenant(tenantID, logger: context.logger) { db in
            try await PlanLimitsRepository().require(.exports, plan: plan, in: db)
            try await context.record(
                context.auditEvent(.auditExported, request, targetType: "audit_log", details: ["filter": filter.summary, "format": format.rawValue]),
                in: db
            )
        }
        let day = AuditFilter.dayFormatter.string(from: Date())
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.contentDisposition] = "attachment; filename=\"audit-\(context.tenant.slug)-\(day).\(format.rawValue)\""
        headers[.cacheControl] = "no-store"
        let exporter = self.exporter
        let logger = context.logger
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                try await exporter.export(tenantID: tenantID, filter: filter, format: format, to: &writer, logger: logger)
                try await writer.finish(nil)
            }
        )
    }

    @Sendable func verify(_ request: Request, context: SignedInContext) async throws -> Response {
        let tenantID = context.tenant.id
        try await database.withTenant(tenantID, logger: context.logger) { db in
            let result = try await repository.verify(verifiedBy: context.user.email, in: db)
            try await context.record(
                context.auditEvent(
                    .auditVerified,
                    request,
                    outcome: result.intact ? .success : .failure,
                    targetType: "audit_log",
                    details: ["result": result.summary]
                ),
                in: db
            )
        }
        return .seeOther(.audit, context.tenant.slug, notice: .verified)
    }

    /// The query read as a form, so `target=seq+1` means "seq 1" as the filter form sent it.
    static func queryDictionary(_ request: Request) -> [String: String] { request.formQuery }
}
