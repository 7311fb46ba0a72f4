import Foundation
import Testing

#if canImport(App)
@testable import App
#else
@testable import Codecs
#endif

@Suite("Question transfer: import planner")
struct QuestionTransferPlannerTests {
    private let oldID = UUID(uuidString: "6F1C2A3B-0000-4000-8000-000000000001") ?? UUID()
    private let otherID = UUID(uuidString: "6F1C2A3B-0000-4000-8000-000000000002") ?? UUID()

    private var existing: [ExistingQuestion] {
        [
            ExistingQuestion(id: oldID, externalKey: "k1", category: ["Eng"], content: QuestionContent(prompt: "Design a cache.", tags: ["cache"])),
            ExistingQuestion(id: otherID, externalKey: nil, category: [], content: QuestionContent(prompt: "Tell me about yourself.")),
        ]
    }

    private func row(_ line: Int, _ prompt: String, key: String? = nil, category: [String] = [], tags: [String] = []) -> ParsedRow {
        let content = QuestionContent(prompt: prompt, tags: tags)
        return ParsedRow(line: line, kind: .question(TransferQuestion(externalKey: key, category: category, language: "en", content: content)))
    }

    @Test("Keys, prompts, repeated keys, unknown categories, problems, skips")
    func actions() {
        let file = ParsedFile(rows: [
            row(2, "  Design a cache. ", key: "k1", category: ["Eng"], tags: [" CACHE "]),
            row(3, "Design a bigger cache.", key: "k1", category: ["Eng"]),
            row(4, "Tell me about yourself.\n"),
            row(5, "Brand new question?", category: ["Eng"]),
            row(6, "Brand new question?"),
            row(7, "Elsewhere", category: ["Nowhere", "Deep"]),
            row(8, "   "),
            ParsedRow(line: 9, kind: .skipped("Moodle multichoice questions are not imported.")),
            ParsedRow(line: 10, kind: .rejected("Bad encoding at byte 12: save the file as UTF-8.")),
        ])
        let plan = ImportPlanner.plan(file, existing: existing, existingCategories: [["Eng"]], mayCreateCategories: false)
        #expect(plan.rows.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 9, 10])
        #expect(plan.rows[0].action == .duplicate(oldID))
        #expect(plan.rows[0].question?.content.tags == ["cache"])
        #expect(plan.rows[1].action == .reject("The external key “k1” is already used on line 2 of this file."))
        #expect(plan.rows[2].action == .duplicate(otherID))
        #expect(plan.rows[3].action == .create)
        #expect(plan.rows[4].action == .duplicate(nil))
        #expect(plan.rows[5].action == .reject("Unknown category Nowhere / Deep."))
        #expect(plan.rows[6].action == .reject("Prompt: write the question."))
        #expect(plan.rows[7].action == .skip("Moodle multichoice questions are not imported."))
        #expect(plan.counts == ImportPlan.Counts(create: 1, duplicate: 3, skip: 1, reject: 4))
        #expect(plan.rows[3].summary == "Brand new question?")
    }

    @Test("A changed question under a known key is a new version listing what changed")
    func newVersion() {
        let file = ParsedFile(rows: [row(2, "Design a distributed cache.", key: "k1", category: ["Ops"], tags: ["cache", "scale"])])
        let plan = ImportPlanner.plan(file, existing: existing, existingCategories: [["Eng"], ["Ops"]], mayCreateCategories: false)
        #expect(plan.rows.map(\.action) == [.newVersion(oldID, changedFields: ["category", "prompt", "tags"])])
    }

    @Test("Moodle may create categories: missing parents first, each once")
    func createsCategories() {
        let file = ParsedFile(rows: [
            ParsedRow(line: 4, kind: .category(["Iota"])),
            ParsedRow(line: 44, kind: .category(["Iota", "Kappa", "Lambda"])),
            row(55, "An essay", category: ["Iota", "Kappa", "Lambda"]),
            ParsedRow(line: 60, kind: .category(["Eng"])),
        ])
        let plan = ImportPlanner.plan(file, existing: [], existingCategories: [["Eng"]], mayCreateCategories: true)
        #expect(
            plan.rows.map(\.action) == [
                .createCategory(["Iota"]), .createCategory(["Iota", "Kappa"]), .createCategory(["Iota", "Kappa", "Lambda"]), .create,
            ]
        )
        #expect(plan.rows.map(\.line) == [4, 44, 44, 55])
        #expect(plan.rows[1].summary == "Iota / Kappa")
        #expect(plan.counts.createCategory == 3)
    }

    @Test("The plan is deterministic and long prompts are summarised on one line")
    func deterministic() throws {
        let parsed = try MoodleXML.parse(MoodleXML.export([TransferSamples.full, TransferSamples.minimal]), defaultLanguage: "en")
        let plans = (0..<3).map { _ in ImportPlanner.plan(parsed, existing: existing, existingCategories: [], mayCreateCategories: true) }
        #expect(plans.allSatisfy { $0 == plans[0] })
        #expect(plans[0].counts == ImportPlan.Counts(create: 1, duplicate: 1, createCategory: 3))
        let summary = plans[0].rows.first { $0.action == .create }?.summary ?? ""
        #expect(summary.count <= 61 && summary.hasSuffix("…") && !summary.contains("\n"))
    }
}
