import Foundation
import Testing

@testable import App

/// The rows that write their own template values (``TemplateDirect``) must give what their `Encodable` conformance
/// gives: every field, by the same name, in the same order, and no field for a nil optional.
@Suite("Template values written by hand")
struct TemplateDirectTests {
    /// One line per value, nested by indentation: two values print alike only if they are alike.
    static func dump(_ value: TemplateValue, indent: String = "") -> String {
        switch value {
        case .text(let text): "\(indent)text \(text.debugDescription)\n"
        case .flag(let flag): "\(indent)flag \(flag)\n"
        case .number(let number): "\(indent)number \(number)\n"
        case .list(let items): "\(indent)list\n" + items.map { dump($0, indent: indent + "  ") }.joined()
        case .node(let node):
            "\(indent)node\n"
                + node.fields.map { "\(indent)  \($0.name):\n" + dump($0.value, indent: indent + "    ") }.joined()
        }
    }

    static func same<T: Encodable & TemplateDirect>(_ model: T) throws {
        let direct = dump(try TemplateEncoder.value(model))
        #expect(direct == dump(try TemplateEncoder.encoded(model)))
        #expect(direct.contains("node"), "\(T.self) did not take its own path")
    }

    static func auditRow(seq: Int64?, named: Bool, target: Bool) -> AuditRow {
        AuditRow(
            id: UUID(),
            pos: 7,
            seq: seq,
            occurredAt: Date(timeIntervalSince1970: 1_790_000_000),
            actorLabel: "owner@acme.test",
            actorName: named ? "Olivia Owner" : nil,
            actorRole: named ? "owner" : nil,
            actorUserID: named ? UUID() : nil,
            action: "people.role_changed",
            targetType: target ? "user" : nil,
            targetID: target ? UUID().uuidString : nil,
            targetLabel: target ? "Casey <casey@acme.test>" : nil,
            outcome: target ? "success" : "denied"
        )
    }

    @Test("An audit list row, with and without its optional parts")
    func auditRows() throws {
        for (seq, named, target) in [(Int64(41), true, true), (nil, false, false)] {
            try Self.same(AuditListRow(Self.auditRow(seq: seq, named: named, target: target), base: "/t/acme/admin/audit"))
        }
    }

    @Test("A question list row, with and without a category")
    func questionRows() throws {
        for category in ["Design / Caching", nil] {
            try Self.same(
                QuestionRowView(
                    id: "q1",
                    href: "/t/acme/admin/questions/q1",
                    summary: "Design a cache",
                    bank: "Engineering",
                    category: category,
                    difficulty: "hard",
                    level: "senior",
                    status: "published",
                    version: 3,
                    unpublished: category == nil,
                    updated: "2026-11-25"
                )
            )
        }
    }

    @Test("A people list row with its role options, with and without its optional links")
    func personRows() throws {
        let options = Role.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .admin) }
        for candidate in [true, false] {
            try Self.same(
                PersonView(
                    name: "Casey <b>",
                    email: "casey@acme.test",
                    role: "Candidate",
                    status: "active",
                    active: candidate,
                    twoFactor: "On",
                    lastSignIn: "never",
                    locked: !candidate,
                    lockedUntil: "",
                    canAct: candidate,
                    canReset: !candidate,
                    erased: false,
                    eraseHref: candidate ? "/erase" : nil,
                    progressHref: candidate ? "/progress" : nil,
                    unlockAction: "/unlock",
                    resetAction: "/reset",
                    deactivateAction: "/deactivate",
                    reactivateAction: "/reactivate",
                    roleAction: "/role",
                    roleOptions: candidate ? options : [],
                    historyHref: "/history"
                )
            )
        }
        try Self.same(options[0])
        #expect(Self.dump(try TemplateEncoder.value(options)) == Self.dump(try TemplateEncoder.encoded(options)))
    }

    @Test("The chrome of a page, signed in with a banner and signed out")
    func chrome() throws {
        let tenant = TenantRef(id: UUID(), slug: "acme", name: "Acme <Corp>", status: .active)
        let user = User(id: UUID(), tenantID: tenant.id, email: "o@acme.test", name: "Olivia", role: .owner, status: .active)
        var signedIn = Chrome(title: "People", tenant: tenant, user: user, csrfToken: "token", section: "people")
        signedIn.banner = "Set up two-factor authentication"
        for chrome in [signedIn, Chrome(title: "Sign in")] {
            try Self.same(chrome)
        }
        #expect(!signedIn.nav.isEmpty)
    }
}
