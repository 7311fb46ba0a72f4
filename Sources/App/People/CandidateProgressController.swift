import Foundation
import Hummingbird

/// A candidate's practice progress as the people who manage them see it: the same totals, streaks, trend,
/// categories and achievements as on the candidate's own dashboard, and their interviews. Answers stay the
/// candidate's: this page shows scores, not what they wrote.
public struct CandidateProgressController: Sendable, ServiceController {
    let services: AppServices

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let progress = ProgressRepository()
        let data = try await database.withTenant(context.tenant.id, logger: context.logger) { db in
            guard let person = try await PeopleRepository().find(id: id, in: db), person.user.role == .candidate else {
                throw AppError.notFound
            }
            return (
                person: person,
                completed: try await progress.completed(userID: id, in: db),
                categories: try await progress.categories(userID: id, in: db),
                preferences: try await progress.preferences(userID: id, in: db),
                recent: try await PracticeRepository().recent(userID: id, limit: 20, in: db)
            )
        }
        let timeZone = data.preferences.timeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt
        let model = CandidateProgressPage(
            chrome: Chrome(title: "Progress: \(data.person.user.name)", context: context, section: "people"),
            name: data.person.user.name,
            progress: ProgressView(completed: data.completed, categories: data.categories, timeZone: timeZone, now: now()),
            interviews: data.recent.map { state in
                CandidateInterviewRow(
                    name: state.templateName,
                    started: UTCFormat.day.string(from: state.startedAt),
                    status: state.statusLabel,
                    score: state.scoreLabel ?? "–"
                )
            },
            hasInterviews: !data.recent.isEmpty,
            peopleHref: TenantPage.people.href(context.tenant.slug)
        )
        return try views.render(model)
    }
}

struct CandidateInterviewRow: Encodable {
    let name: String
    let started: String
    let status: String
    let score: String
}

/// One candidate's progress for those who manage people.
struct CandidateProgressPage: Page {
    static let template = "people/progress"
    let chrome: Chrome
    let name: String
    let progress: ProgressView
    let interviews: [CandidateInterviewRow]
    let hasInterviews: Bool
    let peopleHref: String
}
