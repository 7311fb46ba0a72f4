import Foundation
import Hummingbird

/// Import (dry run, then apply exactly that) and export of question files.
public struct TransferController: Sendable, ServiceController {
    let services: AppServices
    let banks = BankRepository()
    let imports = ImportRepository()

    @Sendable func export(_ request: Request, context: SignedInContext) async throws -> Response {
        let query = request.formQuery
        guard let format = query["format"].flatMap(TransferFormat.init(rawValue:)) else { throw AppError.badRequest }
        let filter = QuestionFilter(query: query)
        let importer = QuestionImporter(editor: QuestionEditor(author: context.user, source: context.auditSource(request)))
        let plan = context.tenant.subscription.plan
        let questions = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await PlanLimitsRepository().require(.exports, plan: plan, in: db)
            return try await importer.export(filter, in: db)
        }
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.contentDisposition] = "attachment; filename=\"\(context.tenant.slug)-questions.\(format.fileExtension)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: format.export(questions))))
    }

    @Sendable func form(_ request: Request, context: SignedInContext) async throws -> Response {
        try await render(context, problem: nil, plan: nil, status: .ok)
    }

    @Sendable func dryRun(_ request: Request, context: SignedInContext) async throws -> Response {
        var body = request
        let buffer = try await body.collectBody(upTo: CSRFMiddleware.maximumUploadSize)
        guard let boundary = Multipart.boundary(contentType: request.headers[.contentType]),
            let parts = Multipart(body: Array(buffer: buffer), boundary: boundary)
        else { throw AppError.badRequest }
        guard let bankID = parts.text("bank").flatMap(UUID.init(uuidString:)) else {
            return try await render(context, problem: "Choose the bank to import into.", plan: nil, status: .unprocessableContent)
        }
        guard let file = parts["file"], !file.data.isEmpty else {
            return try await render(context, problem: "Choose a file to import.", plan: nil, status: .unprocessableContent)
        }
        let format = parts.text("format").flatMap(TransferFormat.init(rawValue:)) ?? TransferFormat.guess(file.filename ?? "", file.data)
        let importer = QuestionImporter(editor: QuestionEditor(author: context.user, source: context.auditSource(request)))
        let user = context.user
        let planName = context.tenant.subscription.plan
        do {
            let (plan, id) = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
                guard try await banks.bank(bankID, in: db) != nil else { throw AppError.notFound }
                if format == .moodleXML { try await PlanLimitsRepository().require(.moodleImport, plan: planName, in: db) }
                let plan = try await importer.plan(Data(file.data), format: format, bankID: bankID, in: db)
                let id = try await imports.insert(
                    bankID: bankID,
                    format: format,
                    filename: file.filename ?? "",
                    content: Data(file.data),
                    digest: QuestionImporter.digest(plan),
                    by: user.id,
                    in: db
                )
                return (plan, id)
            }
            return try await render(context, problem: nil, plan: (plan, id, file.filename ?? "", format), status: .ok)
        } catch let failure as TransferFailure {
            return try await render(
                context,
                problem: "The file could not be read, so nothing will be imported. \(failure.message)",
                plan: nil,
                status: .unprocessableContent
            )
        }
    }

    @Sendable func apply(_ request: Request, context: SignedInContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let form = try await request.postedForm()
        let editor = QuestionEditor(author: context.user, source: context.auditSource(request))
        let importer = QuestionImporter(editor: editor)
        let bankID = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let stored = try await imports.find(id, in: db), stored.planDigest == form["digest"] else { throw AppError.notFound }
            guard !stored.applied else { throw AppError.conflict("This file was already imported. Upload it again to see a new dry run.") }
            let plan = try await importer.plan(stored.content, format: stored.format, bankID: stored.bankID, in: db)
            guard QuestionImporter.digest(plan) == stored.planDigest else {
                throw AppError.conflict(
                    "The bank changed since the dry run, so its plan no longer holds. Upload the file again to see what it would do now."
                )
            }
            try await imports.markApplied(id, in: db)
            _ = try await importer.applyRecorded(plan, bankID: stored.bankID, format: stored.format, filename: stored.filename, in: db)
            return stored.bankID
        }
        return .redirect(
            to: TenantPage.questions.href(context.tenant.slug, query: [("bank", bankID.lowercasedString), ("imported", "1")]),
            type: .normal
        )
    }
}
