import Foundation
import Hummingbird
import Testing

@testable import App

/// Renders pages from fixed view models and compares the HTML with committed files in `Tests/UnitTests/Golden/`,
/// so a template change is reviewed as a diff. `GOLDEN_RECORD=1 swift test --filter GoldenPageTests` rewrites them.
/// The fixtures live in `GoldenPages+*.swift`, one file per area.
@Suite("Pages render exactly as recorded")
struct GoldenPageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tenant = TenantRef(
        id: UUID(uuidString: "00000000-0000-4000-8000-00000000000a")!,
        slug: "acme",
        name: "Acme Corporation",
        status: .active
    )
    static let owner = User(
        id: UUID(uuidString: "00000000-0000-4000-8000-0000000000b1")!,
        tenantID: tenant.id,
        email: "owner@acme.test",
        name: "Olivia Owner",
        role: .owner,
        status: .active
    )
    /// 2026-11-23 10:00:00 UTC, the moment the fixtures happen at.
    static let now = Date(timeIntervalSince1970: 1_795_428_000)

    static func chrome(_ title: String, section: String? = nil, signedIn: Bool = true) -> Chrome {
        Chrome(title: title, tenant: tenant, user: signedIn ? owner : nil, csrfToken: "csrf-token", section: section)
    }

    /// A fixed id whose last digits are `suffix`, e.g. `uuid(0xc1)` is `00000000-0000-4000-8000-0000000000c1`.
    static func uuid(_ suffix: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012x", suffix))!
    }

    /// `uuid(suffix)` as the app writes ids in URLs and forms.
    static func key(_ suffix: Int) -> String { uuid(suffix).uuidString.lowercased() }

    /// The recorded pages, each a name and its view model (immutable; view models are plain values).
    nonisolated(unsafe) static let pages: [(String, any Page)] =
        signInPages + accountPages + adminPages + auditPages + questionPages + questionVersionPages + translationPages + transferPages
        + peoplePages + [erasePage] + practicePages + progressPages

    @Test("Every page has one fixture name")
    func namesAreUnique() {
        #expect(Set(Self.pages.map(\.0)).count == Self.pages.count)
    }

    @Test("Every page reaches its template as a node of fields")
    func encodesAsNode() throws {
        for (name, page) in Self.pages {
            guard case .node = try TemplateEncoder.value(page) else {
                Issue.record("\(name) does not encode as a node of fields")
                continue
            }
        }
    }

    @Test("Each recorded page renders the same HTML", arguments: pages.map(\.0))
    func golden(name: String) async throws {
        let views = try await Views(directory: Self.root.appendingPathComponent("Templates").path)
        let page = try #require(Self.pages.first { $0.0 == name }?.1)
        let html = try views.html(page)
        let file = Self.root.appendingPathComponent("Tests/UnitTests/Golden/\(name).html")
        if ProcessInfo.processInfo.environment["GOLDEN_RECORD"] == "1" {
            try html.write(to: file, atomically: true, encoding: .utf8)
        }
        let recorded = try? String(contentsOf: file, encoding: .utf8)
        #expect(recorded != nil, "no golden file for \(name): run GOLDEN_RECORD=1 swift test --filter GoldenPageTests and review the diff")
        #expect(recorded == html, "\(name) renders differently from \(file.path); review, then re-record")
    }
}
