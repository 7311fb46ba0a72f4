import Foundation

/// The question a candidate is answering, with the time the server gives them.
struct InterviewQuestionPage: Page, Encodable {
    static let template = "practice/question"
    let chrome: Chrome
    let templateName: String
    let progress: String
    let position: Int
    let count: Int
    /// The last question: sending it finishes the interview.
    let last: Bool
    /// The prompt as HTML from Markdown in safe mode.
    let promptHTML: String
    let hint: String?
    let language: String
    /// "2:41 left" or "Time is up: send what you have."
    let timeText: String
    let overTime: Bool
    /// Seconds left (0 when over), for the script that counts down; the page works without it.
    let secondsLeft: Int
    let typed: String
    let problem: String?
    let answerAction: String
    let abandonAction: String
    let csrfToken: String
}

struct ScoreView: Encodable {
    let label: String
    let value: Int
}

struct AnswerResultView: Encodable {
    let position: Int
    let promptHTML: String
    let response: String
    let answered: Bool
    let score: Int
    let scores: [ScoreView]
    let strengths: [String]
    let hasStrengths: Bool
    let improvements: [String]
    let hasImprovements: Bool
    let sampleHTML: String?
    let facts: String
}

/// An interview's result: overall and sub-scores, each answer with its feedback and the sample answer.
struct InterviewResultPage: Page, Encodable {
    static let template = "practice/result"
    let chrome: Chrome
    let templateName: String
    let status: String
    let abandoned: Bool
    let overall: Int?
    let readiness: String
    let scores: [ScoreView]
    let hasScores: Bool
    let strongest: String?
    let weakest: String?
    let answers: [AnswerResultView]
    let hasAnswers: Bool
    let practiceHref: String
    let reportHref: String
}

struct TemplateChoiceView: Encodable {
    let name: String
    let summary: String
    /// Nil when the template names no role (an empty string would still open a Mustache section).
    let position: String?
    let due: String?
    let startAction: String
}

struct InterviewRowView: Encodable {
    let name: String
    let started: String
    let status: String
    let score: String
    let href: String
}

/// The candidate's dashboard: what they can start, what is in progress, their totals and recent interviews.
struct CandidateHomePage: Page, Encodable {
    static let template = "home/candidate"
    let chrome: Chrome
    let firstName: String
    let tenantName: String
    let notice: String?
    let open: InterviewRowView?
    let abandonAction: String?
    let templates: [TemplateChoiceView]
    let hasTemplates: Bool
    let progress: ProgressView
    /// Nil when the organisation has no leaderboard.
    let leaderboard: LeaderboardView?
    let recent: [InterviewRowView]
    let hasRecent: Bool
    let historyHref: String
    let preferencesHref: String
    let csrfToken: String
}

/// Where a score puts a candidate: ready (80+), almost ready (60-79), needs practice.
enum Readiness {
    static func label(_ score: Int?) -> String {
        guard let score else { return "Not scored" }
        return score >= 80 ? "Ready" : score >= 60 ? "Almost ready" : "Needs practice"
    }
}

extension Evaluation {
    /// The areas an answer is scored in, as pages name them.
    static let areas = ["Relevance", "Structure", "Depth", "Clarity", "Keywords"]

    /// The scores of ``areas``, in the same order.
    var areaScores: [Int] { [relevance, structure, depth, clarity, keywords] }
}

/// Every interview of the candidate, a page at a time.
struct InterviewHistoryPage: Page, Encodable {
    static let template = "practice/history"
    let chrome: Chrome
    let interviews: [InterviewRowView]
    let hasInterviews: Bool
    let firstHref: String?
    let nextHref: String?
    let practiceHref: String
}

/// A finished interview as a document of its own, for printing and for the PDF. It links its stylesheet itself:
/// the site's in the browser, a copy beside the file when Chromium prints it.
struct InterviewReportPage: Page, Encodable {
    static let template = "practice/report"
    let title: String
    let stylesheet: String
    /// Rendered for Chromium from a local file: a CSP in the page keeps it from loading anything but its stylesheet.
    let offline: Bool
    let tenantName: String
    let candidate: String
    let started: String
    let result: InterviewResultPage
    let pdfHref: String
    let backHref: String
    /// Opens the sample answers, which the result page folds away.
    let printing = true
}
