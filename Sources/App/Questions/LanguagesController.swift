import Foundation
import Hummingbird

/// The tenant's languages and its default, set by owners and admins on the translations page.
public struct LanguagesController: Sendable, ServiceController {
    let services: AppServices

    /// Parses "en, fr, pt-BR" into tags, or says what is wrong.
    static func parse(_ text: String, default preferred: String) -> ([String], String)? {
        var seen = Set<String>()
        let tags = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { seen.insert($0).inserted }
        guard !tags.isEmpty, tags.count <= 20, tags.allSatisfy(Languages.isValid), tags.contains(preferred) else { return nil }
        return (tags, preferred)
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await request.postedForm()
        guard let (tags, preferred) = Self.parse(form["languages"] ?? "", default: (form["default"] ?? "").trimmingCharacters(in: .whitespaces))
        else {
            throw AppError.invalid(
                "Languages: list BCP 47 tags separated by commas (for example “en, fr, pt-BR”, at most 20), and name one of them as the default."
            )
        }
        let source = context.auditSource(request)
        try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            try await BankRepository().setLanguages(tags, default: preferred, source: source, in: db)
        }
        return .seeOther(.translations, context.tenant.slug, notice: .languagesSaved)
    }
}
