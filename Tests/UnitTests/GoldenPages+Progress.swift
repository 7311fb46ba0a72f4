import Foundation
import Testing

@testable import App

/// The candidate's progress, history, printable report and preferences.
extension GoldenPageTests {
    /// Fixed instants (from 2026-11-10 08:40 UTC, a day apart) so the chart, streaks and achievements never drift.
    static func day(_ day: Int) -> Date { Date(timeIntervalSince1970: 1_794_300_000 + Double(day) * 86_400) }

    nonisolated(unsafe) static let sampleProgress = ProgressView(
        completed: [
            CompletedInterview(completedAt: day(0), overall: 58, averageWords: 80, answers: 3),
            CompletedInterview(completedAt: day(3), overall: 71, averageWords: 120, answers: 3),
            CompletedInterview(completedAt: day(4), overall: 76, averageWords: 160, answers: 4),
            CompletedInterview(completedAt: day(5), overall: 88, averageWords: 150, answers: 4),
        ],
        categories: [
            CategoryScore(category: "Engineering › Reliability", answers: 5, average: 62),
            CategoryScore(category: "No category", answers: 9, average: 81),
        ],
        timeZone: TimeZone(identifier: "Europe/London") ?? .gmt,
        now: day(5)
    )

    nonisolated(unsafe) static let progressPages: [(String, any Page)] = [
        (
            "practice-history",
            InterviewHistoryPage(
                chrome: chrome("Your interviews", section: "practice"),
                interviews: [
                    InterviewRowView(
                        name: "Backend screen",
                        started: "2026-11-20",
                        status: "Completed",
                        score: "88 · Ready",
                        href: "/t/acme/practice/3"
                    )
                ],
                hasInterviews: true,
                firstHref: "/t/acme/practice/history",
                nextHref: "/t/acme/practice/history?after=\(key(3))",
                practiceHref: "/t/acme/"
            )
        ),
        (
            "practice-report",
            InterviewReportPage(
                title: "Behavioural warm-up: report",
                stylesheet: "/css/app.css",
                offline: false,
                tenantName: "Acme Corporation",
                candidate: "Casey <Candidate>",
                started: "20 November 2026 at 09:00",
                result: sampleResult,
                pdfHref: "/t/acme/practice/1/report.pdf",
                backHref: "/t/acme/practice/1"
            )
        ),
        (
            "candidate-progress",
            CandidateProgressPage(
                chrome: chrome("Progress: Casey Candidate", section: "people"),
                name: "Casey <Candidate>",
                progress: sampleProgress,
                interviews: [CandidateInterviewRow(name: "Backend screen", started: "2026-11-15", status: "Completed", score: "88 · Ready")],
                hasInterviews: true,
                peopleHref: "/t/acme/admin/people"
            )
        ),
        (
            "preferences",
            PreferencesPage(
                chrome: chrome("Preferences", section: "practice"),
                notice: nil,
                action: "/t/acme/account/preferences",
                zones: [
                    Option(value: "Europe/London", label: "Europe/London", selected: false),
                    Option(value: "Pacific/Auckland", label: "Pacific/Auckland", selected: false),
                ],
                noZone: false,
                problem: "Time zone: choose one of the listed time zones.",
                problems: ["Time zone: choose one of the listed time zones."],
                hasProblems: true,
                leaderboard: true,
                optedIn: true,
                namesAllowed: true,
                showName: false,
                csrfToken: "csrf-token"
            )
        ),
    ]
}
