import Foundation

/// The view model of a template's score distribution: horizontal bars drawn as SVG by `Templates/practice/template.mustache`,
/// then the same counts as a table. Every coordinate and label is worked out here as a plain value, so the template only
/// places them (no markup is built from strings) and the page needs no inline style (the CSP forbids it).
struct TemplateScoreChart: Encodable, Equatable {
    /// One score range: its bar and its row of the data table.
    struct Bar: Encodable, Equatable {
        /// "60–79"
        let label: String
        let count: Int
        /// "60–79: 2 interviews", the bar's SVG `<title>`.
        let title: String
        /// In viewBox units: the bar, its range label (right-aligned at `labelX`) and its count just after the bar.
        let x: Int
        let y: Int
        let width: Int
        let height: Int
        let labelX: Int
        let textY: Int
        let countX: Int
    }

    let width: Int
    let height: Int
    /// No completed interviews: the page shows `summary` as a sentence instead of the chart.
    let isEmpty: Bool
    /// One sentence describing the data, for the SVG `<desc>` and the empty state.
    let summary: String
    /// Lowest range first.
    let bars: [Bar]
    /// How many completed interviews have a score.
    let count: Int
    /// Whole scores, or "72.5" for a median half-way between two; "–" without scores.
    let average: String
    let median: String

    static let labelWidth = 96, countWidth = 56, rowHeight = 40, barHeight = 24, padTop = 8

    init(_ scores: TemplateScores, width: Int = 480) {
        let plot = width - Self.labelWidth - Self.countWidth
        let most = max(1, scores.buckets.max() ?? 1)
        let labels = TemplateScores.ranges.map { "\($0.lowerBound)–\($0.upperBound)" }
        self.width = width
        height = Self.padTop * 2 + Self.rowHeight * labels.count
        isEmpty = scores.count == 0
        bars = zip(labels, scores.buckets).enumerated().map { index, pair in
            let (label, count) = pair
            let length = count == 0 ? 0 : max(2, Int((Double(count) / Double(most) * Double(plot)).rounded()))
            let y = Self.padTop + index * Self.rowHeight + (Self.rowHeight - Self.barHeight) / 2
            return Bar(
                label: label,
                count: count,
                title: "\(label): \(count.counted("interview"))",
                x: Self.labelWidth,
                y: y,
                width: length,
                height: Self.barHeight,
                labelX: Self.labelWidth - 8,
                textY: y + Self.barHeight / 2,
                countX: Self.labelWidth + length + 8
            )
        }
        count = scores.count
        average = scores.average.map(String.init) ?? "–"
        median = scores.median.map(Self.score) ?? "–"
        summary =
            scores.count == 0
            ? "Nobody has completed this template yet, so there are no scores to show."
            : "Scores of \(scores.count.counted("completed interview")): " + bars.map { "\($0.label): \($0.count)" }.joined(separator: ", ") + "."
    }

    /// 72 or 72.5: a median is a whole score or half-way between two.
    static func score(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
