import Foundation
import Hummingbird

/// Deleting a candidate's personal data on request: a page that says exactly what happens and asks for the person's
/// email, then one transaction that erases and records it (step-up first, since it cannot be undone).
extension PeopleController {
    @Sendable func confirmErase(_ request: Request, context: SignedInContext) async throws -> Response {
        let (person, answers) = try await erasable(context)
        try StepUp.require(context, now: now(), returnTo: .personAction(person.user.id, .erase))
        return try renderErase(context, person: person, answers: answers, typed: "", problem: nil)
    }

    @Sendable func erase(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        let (person, answers) = try await erasable(context)
        try StepUp.require(context, now: now(), returnTo: .personAction(person.user.id, .erase))
        let typed = (form["confirm_email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard typed == person.user.email else {
            let problem = "Type \(person.user.email) exactly to confirm; nothing was deleted."
            return try renderErase(context, person: person, answers: answers, typed: typed, problem: problem, status: .unprocessableContent)
        }
        let source = context.auditSource(request)
        try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            let erasure = try await ErasureRepository().erase(candidate: person.user.id, in: db)
            let event = source.event(
                .userErased,
                targetType: "user",
                targetID: person.user.id,
                targetLabel: erasure.pseudonym,
                details: [
                    "erasure_id": erasure.id.lowercasedString, "redacted_events": String(erasure.redactedEvents),
                    "redactions_digest": erasure.redactionsDigest,
                ]
            )
            try await AuditLog().record(event, in: db)
        }
        return .seeOther(.people, context.tenant.slug, notice: .erased)
    }

    /// The candidate named in the URL, if the viewer may erase them: 404 outside the tenant, refused for staff, for
    /// the viewer's own account and for someone already erased.
    private func erasable(_ context: SignedInContext) async throws -> (PersonRow, Int) {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        return try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let person = try await people.find(id: id, in: db) else { throw AppError.notFound }
            guard person.user.role == .candidate else {
                throw AppError.forbidden("Only a candidate's personal data can be deleted here. Deactivate staff, or change their role first.")
            }
            guard !person.erased else { throw AppError.conflict("This person's personal data was already deleted.") }
            return (person, try await ErasureRepository().answerCount(candidate: id, in: db))
        }
    }

    private func renderErase(
        _ context: SignedInContext,
        person: PersonRow,
        answers: Int,
        typed: String,
        problem: String?,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let slug = context.tenant.slug
        let model = ErasePage(
            chrome: Chrome(title: "Delete personal data", context: context, section: "people"),
            name: person.user.name,
            email: person.user.email,
            answers: answers.counted("answer"),
            typed: typed,
            problem: problem,
            action: TenantPage.personAction(person.user.id, .erase).href(slug),
            peopleHref: TenantPage.people.href(slug),
            csrfToken: context.csrfToken
        )
        return try views.render(model, status: status)
    }
}

struct ErasePage: Page {
    static let template = "people/erase"
    let chrome: Chrome
    let name: String
    let email: String
    let answers: String
    let typed: String
    let problem: String?
    let action: String
    let peopleHref: String
    let csrfToken: String
}
