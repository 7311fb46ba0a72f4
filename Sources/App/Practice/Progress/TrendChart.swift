import Foundation

/// The view model of a line chart of interview scores over time, drawn as SVG by `Templates/partials/trend_chart.mustache`.
///
/// All geometry and text is worked out here as plain values, so the template only places them and never builds
/// markup from strings (which would bypass escaping), and the page needs no script or inline style (the CSP forbids both).
/// Render it as a section, e.g. `{{#trend}}{{> partials/trend_chart}}{{/trend}}`.
public struct TrendChart: Sendable, Encodable {
    /// One interview's score as a point on the chart and a row of the data table.
    public struct Dot: Equatable, Sendable, Encodable {
        /// The centre in viewBox units, one decimal (rendered as is into `cx`/`cy`).
        public let x: Double
        public let y: Double
        /// The score as recorded (only its position is clamped to 0–100).
        public let score: Int
        /// "12 Nov 2026", in the candidate's time zone.
        public let date: String
        /// "12 Nov 2026: 84", the dot's SVG `<title>` (a tooltip).
        public let label: String
    }

    /// A horizontal line at a fixed score, with its value beside the y axis.
    public struct Gridline: Equatable, Sendable, Encodable {
        public let value: Int
        public let y: Double
        public let x1: Double
        public let x2: Double
        /// Where the right-aligned label ends, just left of the plot.
        public let labelX: Double
        public let label: String
    }

    /// A date under the x axis; `anchor` is the SVG `text-anchor` that keeps it inside the picture.
    public struct AxisLabel: Equatable, Sendable, Encodable {
        public let x: Double
        public let y: Double
        public let text: String
        public let anchor: String
    }

    /// The HTML id prefix of the `<title>` and `<desc>`, unique on the page.
    public let id: String
    /// The viewBox size; CSS scales the picture to its container, so these set proportions, not pixels.
    public let width: Int
    public let height: Int
    /// No scores: the template shows `summary` as a sentence instead of an empty chart.
    public let isEmpty: Bool
    /// Two or more points: a line needs two ends (a lone point is still drawn as a dot).
    public let hasLine: Bool
    /// The `points` attribute of the `<polyline>`: "x,y x,y …", one decimal, oldest first.
    public let polyline: String
    /// Oldest first, for the circles and for the rows of the data table.
    public let dots: [Dot]
    public let gridlines: [Gridline]
    /// The first and last dates, or one centred date when every point is on the same day.
    public let xLabels: [AxisLabel]
    /// One sentence describing the data, for the SVG `<desc>` read by screen readers.
    public let summary: String

    /// Room around the plot for the score labels on the left and the dates below.
    static let padLeft = 40.0, padRight = 16.0, padTop = 16.0, padBottom = 32.0
    /// Scores the gridlines are drawn at; the y axis is always 0–100 so charts can be compared at a glance.
    static let gridValues = [0, 25, 50, 75, 100]

    /// A chart of `points` (in any order) with dates in `timeZone`, the candidate's, in a `width` × `height` viewBox.
    /// `id` must be a fixed identifier (letters, digits, hyphens) distinct from other ids on the page.
    public init(
        points: [(date: Date, score: Int)],
        timeZone: TimeZone,
        width: Int = 640,
        height: Int = 240,
        id: String = "trend-chart"
    ) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let sorted = points.enumerated()
            .sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
            .map(\.element)
        let left = Self.padLeft
        let right = max(left, Double(width) - Self.padRight)
        let top = Self.padTop
        let bottom = max(top, Double(height) - Self.padBottom)

        self.id = id
        self.width = width
        self.height = height
        isEmpty = sorted.isEmpty
        hasLine = sorted.count > 1
        gridlines = Self.gridValues.map { value in
            Gridline(
                value: value,
                y: Self.round(Self.y(value, top: top, bottom: bottom)),
                x1: left,
                x2: right,
                labelX: left - 6,
                label: String(value)
            )
        }

        // x follows time, so a two-week gap looks like one; when every point is at one instant they sit centred.
        let start = sorted.first?.date ?? Date(timeIntervalSince1970: 0)
        let span = (sorted.last?.date ?? start).timeIntervalSince(start)
        dots = sorted.map { point in
            let x = span > 0 ? left + point.date.timeIntervalSince(start) / span * (right - left) : (left + right) / 2
            let date = Self.day(point.date, calendar)
            return Dot(
                x: Self.round(x),
                y: Self.round(Self.y(point.score, top: top, bottom: bottom)),
                score: point.score,
                date: date,
                label: "\(date): \(point.score)"
            )
        }
        polyline = dots.map { "\(Self.format($0.x)),\(Self.format($0.y))" }.joined(separator: " ")

        let labelY = bottom + 20
        if let firstDot = dots.first, let lastDot = dots.last {
            if firstDot.date == lastDot.date {
                xLabels = [AxisLabel(x: Self.round((left + right) / 2), y: labelY, text: firstDot.date, anchor: "middle")]
            } else {
                xLabels = [
                    AxisLabel(x: left, y: labelY, text: firstDot.date, anchor: "start"),
                    AxisLabel(x: right, y: labelY, text: lastDot.date, anchor: "end"),
                ]
            }
        } else {
            xLabels = []
        }
        summary = Self.summary(sorted, calendar)
    }

    /// The y of `score` on the fixed 0–100 axis (SVG y grows downwards, so 100 is `top`); out-of-range scores are clamped.
    static func y(_ score: Int, top: Double, bottom: Double) -> Double {
        let clamped = Double(min(100, max(0, score)))
        return bottom - clamped / 100 * (bottom - top)
    }

    /// One decimal place is finer than a pixel and keeps the markup short and stable.
    static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "12 Nov 2026" in `calendar`'s zone; spelled out by hand so it is the same whatever locale data is installed.
    static func day(_ date: Date, _ calendar: Calendar, withYear: Bool = true) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let month = parts.month.flatMap { months.indices.contains($0 - 1) ? months[$0 - 1] : nil } ?? ""
        let dayAndMonth = "\(parts.day ?? 1) \(month)"
        return withYear ? "\(dayAndMonth) \(parts.year ?? 1970)" : dayAndMonth
    }

    /// "Scores of 12 interviews from 3 Oct to 20 Nov 2026, from 54 to 91, latest 88."
    static func summary(_ sorted: [(date: Date, score: Int)], _ calendar: Calendar) -> String {
        guard let first = sorted.first, let last = sorted.last else {
            return "No completed interviews yet, so there are no scores to show."
        }
        let firstDay = day(first.date, calendar)
        let lastDay = day(last.date, calendar)
        if sorted.count == 1 { return "Score of 1 interview on \(firstDay): \(first.score)." }

        let sameYear = calendar.component(.year, from: first.date) == calendar.component(.year, from: last.date)
        let period =
            firstDay == lastDay
            ? "on \(lastDay)"
            : "from \(sameYear ? day(first.date, calendar, withYear: false) : firstDay) to \(lastDay)"
        let scores = sorted.map(\.score)
        let low = scores.min() ?? last.score
        let high = scores.max() ?? last.score
        let range = low == high ? "all \(low)" : "from \(low) to \(high), latest \(last.score)"
        return "Scores of \(sorted.count) interviews \(period), \(range)."
    }
}
