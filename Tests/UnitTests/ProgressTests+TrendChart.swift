import Foundation
import Testing

@testable import App

@Suite("Progress: the score trend chart's geometry, labels and rendered partial")
struct ProgressTrendChartTests {
    typealias F = ProgressFixtures

    /// The default 640 × 240 chart plots x in 40…624 and y in 16 (score 100) … 208 (score 0).
    static func chart(_ points: [(String, Int)], zone: String = "UTC") throws -> TrendChart {
        TrendChart(points: try points.map { (date: try F.at($0.0, zone), score: $0.1) }, timeZone: try F.zone(zone))
    }

    @Test("Known points: first at the left padding, last at the right, 100 at the top, 0 at the bottom, x by time")
    func coordinates() throws {
        let chart = try Self.chart([("2026-11-01 12:00", 100), ("2026-11-02 12:00", 0), ("2026-11-05 12:00", 50)])
        #expect(chart.dots.map(\.x) == [40, 186, 624])
        #expect(chart.dots.map(\.y) == [16, 208, 112])
        #expect(chart.polyline == "40.0,16.0 186.0,208.0 624.0,112.0")
        #expect(chart.hasLine)
        #expect(!chart.isEmpty)
        #expect(chart.width == 640 && chart.height == 240)
    }

    @Test("Points arrive in any order and are drawn oldest first; coordinates have one decimal")
    func sortingAndRounding() throws {
        let chart = try Self.chart([("2026-11-04 00:00", 84), ("2026-11-01 00:00", 33), ("2026-11-02 00:00", 67)])
        #expect(chart.dots.map(\.score) == [33, 67, 84])
        // 67 → 208 − 0.67 × 192 = 79.36; 84 → 46.72; day 1 of 3 → 40 + 584 / 3 = 234.67.
        #expect(chart.dots.map(\.y) == [144.6, 79.4, 46.7])
        #expect(chart.dots[1].x == 234.7)
        #expect(chart.polyline == "40.0,144.6 234.7,79.4 624.0,46.7")
    }

    @Test("Gridlines at 0, 25, 50, 75 and 100 span the plot with their labels")
    func gridlines() throws {
        let chart = try Self.chart([("2026-11-01 12:00", 50)])
        #expect(chart.gridlines.map(\.value) == [0, 25, 50, 75, 100])
        #expect(chart.gridlines.map(\.y) == [208, 160, 112, 64, 16])
        #expect(chart.gridlines.map(\.label) == ["0", "25", "50", "75", "100"])
        #expect(chart.gridlines.allSatisfy { $0.x1 == 40 && $0.x2 == 624 && $0.labelX == 34 })
    }

    @Test("One point is centred, with no line and one centred date")
    func onePoint() throws {
        let chart = try Self.chart([("2026-11-12 09:00", 84)])
        #expect(chart.dots == [TrendChart.Dot(x: 332, y: 46.7, score: 84, date: "12 Nov 2026", label: "12 Nov 2026: 84")])
        #expect(!chart.hasLine)
        #expect(chart.xLabels == [TrendChart.AxisLabel(x: 332, y: 228, text: "12 Nov 2026", anchor: "middle")])
        #expect(chart.summary == "Score of 1 interview on 12 Nov 2026: 84.")
    }

    @Test("No points: empty, nothing to draw, and a sentence to show instead")
    func empty() {
        let chart = TrendChart(points: [], timeZone: F.utc)
        #expect(chart.isEmpty)
        #expect(!chart.hasLine)
        #expect(chart.dots.isEmpty && chart.xLabels.isEmpty && chart.polyline.isEmpty)
        #expect(chart.summary == "No completed interviews yet, so there are no scores to show.")
    }

    @Test("Dates are the candidate's: one instant is 11 Nov in Los Angeles and 12 Nov in Tokyo")
    func labelsInTimeZone() throws {
        let instant = try F.at("2026-11-12 07:30", "UTC")
        let la = TrendChart(points: [(date: instant, score: 84)], timeZone: try F.zone("America/Los_Angeles"))
        let tokyo = TrendChart(points: [(date: instant, score: 84)], timeZone: try F.zone("Asia/Tokyo"))
        #expect(la.dots.first?.label == "11 Nov 2026: 84")
        #expect(tokyo.dots.first?.label == "12 Nov 2026: 84")
        #expect(tokyo.dots.first?.date == "12 Nov 2026")
    }

    @Test("The x axis names the first and last dates at the ends of the plot")
    func xLabels() throws {
        let chart = try Self.chart([("2026-10-03 20:00", 54), ("2026-11-20 08:00", 88)], zone: "Europe/London")
        #expect(
            chart.xLabels == [
                TrendChart.AxisLabel(x: 40, y: 228, text: "3 Oct 2026", anchor: "start"),
                TrendChart.AxisLabel(x: 624, y: 228, text: "20 Nov 2026", anchor: "end"),
            ]
        )
    }

    @Test("The summary gives the count, the period, the range and the latest score")
    func summary() throws {
        let scores = [54, 60, 72, 91, 65, 70, 77, 80, 62, 85, 79, 88]
        let points = scores.enumerated().map { (String(format: "2026-10-%02d 10:00", 3 + $0.offset * 2), $0.element) }
        let october = try Self.chart(Array(points.dropLast()) + [("2026-11-20 10:00", 88)])
        #expect(october.summary == "Scores of 12 interviews from 3 Oct to 20 Nov 2026, from 54 to 91, latest 88.")
        let acrossYears = try Self.chart([("2025-12-30 10:00", 70), ("2026-01-02 10:00", 60)])
        #expect(acrossYears.summary == "Scores of 2 interviews from 30 Dec 2025 to 2 Jan 2026, from 60 to 70, latest 60.")
        let oneDay = try Self.chart([("2026-11-12 09:00", 80), ("2026-11-12 17:00", 80)])
        #expect(oneDay.summary == "Scores of 2 interviews on 12 Nov 2026, all 80.")
        #expect(oneDay.xLabels.map(\.text) == ["12 Nov 2026"])
    }

    /// The partial as the app would include it, with nothing else loaded (other templates may be mid-edit).
    static func render(_ chart: TrendChart) throws -> String {
        struct Host: Encodable { let trend: TrendChart }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: root.appendingPathComponent("Templates/partials/trend_chart.mustache"), encoding: .utf8)
        #expect(!source.contains("{{{") && !source.contains("{{&"), "the partial must escape everything it prints")
        let renderer = TemplateRenderer(templates: [
            "partials/trend_chart": try TemplateParser.parse(source),
            "host": try TemplateParser.parse("{{#trend}}{{> partials/trend_chart}}{{/trend}}"),
        ])
        let html = try #require(renderer.render("host", try TemplateEncoder.value(Host(trend: chart))))
        return String(decoding: html, as: UTF8.self)
    }

    @Test("The rendered partial has the SVG, its title and description, one circle and row per score, and escapes text")
    func rendered() throws {
        let chart = TrendChart(
            points: [(date: try F.at("2026-11-01 12:00", "UTC"), score: 100), (date: try F.at("2026-11-05 12:00", "UTC"), score: 50)],
            timeZone: F.utc,
            id: "x\"><script>"
        )
        let html = try Self.render(chart)
        #expect(html.contains(#"<svg class="trend-svg" viewBox="0 0 640 240" role="img""#))
        #expect(html.contains(#"aria-labelledby="x&quot;&gt;&lt;script&gt;-title x&quot;&gt;&lt;script&gt;-desc""#))
        #expect(html.contains("<desc id=\"x&quot;&gt;&lt;script&gt;-desc\">\(chart.summary)</desc>"))
        #expect(html.contains(#"<polyline class="trend-line" points="40.0,16.0 624.0,112.0" fill="none"/>"#))
        #expect(html.contains(#"<circle cx="40.0" cy="16.0" r="4"><title>1 Nov 2026: 100</title></circle>"#))
        #expect(html.contains(#"<line x1="40.0" y1="16.0" x2="624.0" y2="16.0"/>"#))
        #expect(html.contains(#"<text x="624.0" y="228.0" text-anchor="end">5 Nov 2026</text>"#))
        #expect(html.contains("<caption>Scores over time</caption>"))
        #expect(html.contains(#"<tr><td>5 Nov 2026</td><td class="num">50</td></tr>"#))
        #expect(html.components(separatedBy: "<circle").count - 1 == 2)
        #expect(!html.contains("<script"))
        #expect(!html.contains("style="))
        #expect(!html.contains("{{"))
    }

    @Test("An empty chart renders its sentence and no SVG or table")
    func renderedEmpty() throws {
        let html = try Self.render(TrendChart(points: [], timeZone: F.utc))
        #expect(html.contains(#"<p class="empty">No completed interviews yet, so there are no scores to show.</p>"#))
        #expect(!html.contains("<svg") && !html.contains("<table"))
    }

    @Test("A single point renders a dot but no polyline")
    func renderedSingle() throws {
        let html = try Self.render(try Self.chart([("2026-11-12 09:00", 84)]))
        #expect(html.contains(#"<circle cx="332.0" cy="46.7" r="4">"#))
        #expect(!html.contains("<polyline"))
    }
}
