import Foundation

/// Everything one template's page shows, read in one transaction.
struct TemplateDetailData: Sendable {
    let detail: TemplateDetail
    let sources: TemplateSourceNames
    let completion: TemplateCompletion
    let scores: TemplateScores
    let assignees: [TemplateAssignee]
    let assigneeTotal: Int
}

/// The page's forms as typed, with their problems (a refused post shows them again).
struct TemplateDetailForm: Sendable {
    var emails = ""
    var emailsProblem: String?
    var audience: String?
    var audienceProblem: String?
}

/// A label and its value in the template's summary.
struct TemplateFactView: Encodable {
    let label: String
    let value: String
}

/// The completion figures, counted in people.
struct TemplateCompletionView: Encodable {
    let audience: Int
    let started: Int
    let completed: Int
    let inProgress: Int
    let abandoned: Int
    /// "67%", or "–" for an empty audience.
    let rate: String
    /// "2 of 3 candidates in the audience completed it at least once."
    let rateText: String
    /// "1 not completed, due 2026-12-31", for assigned templates with a due date.
    let due: String?
    /// Somebody has started it; otherwise `empty` is shown instead of the figures.
    let hasTakers: Bool
    let empty: String

    init(_ completion: TemplateCompletion, detail: TemplateDetail, now: Date) {
        audience = completion.audience
        started = completion.started
        completed = completion.completed
        inProgress = completion.inProgress
        abandoned = completion.abandoned
        rate = completion.rate.map { "\($0)%" } ?? "–"
        rateText =
            switch (completion.audience, detail.audience) {
            case (0, .assigned): "No active candidate is assigned yet, so nobody can start it."
            case (0, .all): "There are no active candidates yet."
            default: "\(completion.completed) of \(completion.audience.counted("candidate")) in the audience completed it at least once."
            }
        if detail.audience == .assigned, let dueAt = detail.template.dueAt {
            let passed = now >= dueAt.addingTimeInterval(86_400) ? " (the due date has passed)" : ""
            due = "\(completion.notCompleted) not completed, due \(UTCFormat.day.string(from: dueAt))\(passed)"
        } else {
            due = nil
        }
        hasTakers = completion.interviews > 0
        empty = "Nobody has taken this template yet."
    }
}

/// A choice of the audience form.
struct TemplateAudienceChoice: Encodable {
    let id: String
    let value: String
    let label: String
    let hint: String
    let checked: Bool
}

/// One assigned candidate.
struct TemplateAssigneeView: Encodable {
    let userID: String
    let name: String
    let email: String
    let assigned: String
    /// "Yes, best 84", "Yes" or "No".
    let completed: String
    /// Deactivated or erased since: not in the audience any more.
    let inactive: Bool
}

/// One template's page: summary, completion, score distribution, audience and assigned candidates.
struct TemplateDetailPage: Page {
    static let template = "practice/template"
    let chrome: Chrome
    let templateName: String
    let notice: String?
    let problems: [String]
    let hasProblems: Bool
    let templatesHref: String
    /// Set for an archived template, whose page is read-only.
    let archived: String?
    let editable: Bool
    let facts: [TemplateFactView]
    let completion: TemplateCompletionView
    let scores: TemplateScoreChart
    let audienceAction: String
    let audienceChoices: [TemplateAudienceChoice]
    let audienceProblem: String?
    let assignmentNote: String
    let assignees: [TemplateAssigneeView]
    let hasAssignees: Bool
    let assigneeCount: String
    let unassignAction: String
    let assignAction: String
    let emails: String
    let emailsProblem: String?
    let assignLimit: Int
    let csrfToken: String

    init(chrome: Chrome, data: TemplateDetailData, form: TemplateDetailForm, notice: Notice?, slug: String, csrfToken: String, now: Date) {
        let detail = data.detail
        let template = detail.template
        let row = TemplateRowView(
            TemplateListing(template: template, audience: detail.audience, assigned: data.assigneeTotal),
            sources: data.sources,
            slug: slug
        )
        self.chrome = chrome
        templateName = template.name
        self.notice = notice?.message
        problems = [form.audienceProblem, form.emailsProblem].compactMap { $0 }
        hasProblems = !problems.isEmpty
        templatesHref = TenantPage.templates.href(slug)
        archived = detail.archivedAt.map {
            "Archived on \(UTCFormat.day.string(from: $0)): candidates can no longer start it. Its figures stay here; nothing on this page can be changed."
        }
        editable = detail.archivedAt == nil
        facts = [
            TemplateFactView(label: "Questions", value: row.summary),
            TemplateFactView(label: "Target role", value: "\(row.position) · \(row.level)"),
            TemplateFactView(label: "Drawn from", value: row.bank + (row.tags.map { " · tags: \($0)" } ?? "")),
            TemplateFactView(label: "Audience", value: detail.audience.label),
            TemplateFactView(label: "Due", value: row.due.isEmpty ? "No due date" : row.due),
        ]
        completion = TemplateCompletionView(data.completion, detail: detail, now: now)
        scores = TemplateScoreChart(data.scores)
        audienceAction = TenantPage.templateAudience(template.id).href(slug)
        let chosen = form.audience ?? detail.audience.rawValue
        audienceChoices = TemplateAudience.allCases.map { audience in
            TemplateAudienceChoice(
                id: "audience-\(audience.rawValue)",
                value: audience.rawValue,
                label: audience.label,
                hint: audience == .all
                    ? "Every active candidate can start it; the list below is kept for later."
                    : "Only the active candidates listed below can start it.",
                checked: audience.rawValue == chosen
            )
        }
        audienceProblem = form.audienceProblem
        assignmentNote =
            detail.audience == .all
            ? "Assignments only matter while the audience is “Assigned candidates only”. Right now every candidate can start this template."
            : "Only the active candidates listed here can start this template."
        assignees = data.assignees.map { person in
            TemplateAssigneeView(
                userID: person.userID.lowercasedString,
                name: person.name,
                email: person.email,
                assigned: UTCFormat.day.string(from: person.assignedAt),
                completed: person.completed ? (person.best.map { "Yes, best \($0)" } ?? "Yes") : "No",
                inactive: !person.active
            )
        }
        hasAssignees = !data.assignees.isEmpty
        assigneeCount =
            data.assigneeTotal > data.assignees.count
            ? "Showing the first \(data.assignees.count) of \(data.assigneeTotal) assigned candidates, by name."
            : "\(data.assigneeTotal.counted("candidate")) assigned."
        unassignAction = TenantPage.unassignTemplate(template.id).href(slug)
        assignAction = TenantPage.assignTemplate(template.id).href(slug)
        emails = form.emails
        emailsProblem = form.emailsProblem
        assignLimit = TemplateAssignmentRequest.limit
        self.csrfToken = csrfToken
    }
}
