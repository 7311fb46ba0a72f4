import Foundation
import Testing

@testable import App

/// The rules that need no database: who may do what, where links go, what input is refused.
@Suite("Rules without a database")
struct RulesTests {
    @Test("The permission table", arguments: Role.allCases)
    func permissions(role: Role) {
        #expect(role.may(.ownAccount), "everyone reaches their own account")
        #expect(role.may(.adminPortal) == (role != .candidate))
        #expect(role.may(.managePeople) == [.owner, .admin].contains(role))
        #expect(role.may(.readAudit) == [.owner, .admin, .auditor].contains(role))
        #expect(role.may(.practise) == (role == .candidate))
    }

    @Test("Typed pages build every link; notices are a closed set")
    func pages() {
        let id = UUID(uuidString: "6F1C2A3B-0000-4000-8000-000000000001")!
        #expect(TenantPage.start.href("acme") == "/t/acme/")
        #expect(TenantPage.personAction(id, .reset2FA).href("acme") == "/t/acme/admin/people/6f1c2a3b-0000-4000-8000-000000000001/reset-2fa")
        #expect(TenantPage.audit.href("acme", query: [("target", "seq 1")]) == "/t/acme/admin/audit?target=seq%201")
        #expect(TenantPage.securityPolicy.href("acme", notice: .saved) == "/t/acme/admin/security?saved=1")
        #expect(TenantPage.twoFactor.contains("/t/acme/account/2fa/disable", slug: "acme"))
        #expect(!TenantPage.twoFactor.contains("/t/globex/account/2fa", slug: "acme"))
        #expect(Set(Notice.allCases.map(\.rawValue)).count == Notice.allCases.count)
    }

    @Test(
        "A return address outside the tenant is replaced",
        arguments: [
            ("/t/acme/admin/people", "/t/acme/admin/people"),
            ("https://evil.example/t/acme/", "/t/acme/account/security"),
            ("/t/acme//evil.example", "/t/acme/account/security"),
            ("/t/globex/admin", "/t/acme/account/security"),
            ("/t/acme/\r\nSet-Cookie: x", "/t/acme/account/security"),
        ]
    )
    func safeReturn(next: String, expected: String) {
        #expect(StepUp.safeReturn(next, slug: "acme") == expected)
    }

    @Test(
        "Paths, queries and forms with broken escapes or control bytes are refused",
        arguments: [
            ("email=a%00b", false), ("email=%ZZ", false), ("email=%C3%28", false), ("a=%7F", false), ("email=a%40b.test", true),
            ("text=line%0Aline", false),
        ]
    )
    func sanity(raw: String, clean: Bool) {
        #expect(InputSanityMiddleware<BasicRequestContextStandIn>.isClean(raw, allowing: []) == clean)
    }

    @Test("Form bodies may keep tabs and line breaks, nothing else below 0x20")
    func formBreaks() {
        #expect(InputSanityMiddleware<BasicRequestContextStandIn>.isClean("text=line%0D%0Aline%09x", allowing: [0x09, 0x0A, 0x0D]))
        #expect(!InputSanityMiddleware<BasicRequestContextStandIn>.isClean("text=%01", allowing: [0x09, 0x0A, 0x0D]))
    }

    @Test(
        "Client addresses: plain IPv4 and IPv6 only",
        arguments: [
            ("203.0.113.9", "203.0.113.9"), ("2001:DB8::1", "2001:db8::1"), ("fe80::1%lo", nil), ("1.2.3.4:80", nil), ("999.1.1.1", nil),
            (" 1.2.3.4", nil), ("", nil),
        ]
    )
    func addresses(text: String, canonical: String?) {
        #expect(IPAddress.canonical(text) == canonical)
    }

    @Test("Queries decode as forms: + is a space, the first value wins, names with [] are just names")
    func queries() {
        let form = FormBody.parse("target=seq+1&actor=a&actor=b&email%5B%5D=x")
        #expect(form["target"] == "seq 1")
        #expect(form["actor"] == "a")
        #expect(form["email"] == nil)
        let (filter, _, problems) = AuditFilter.parse(["target": "seq 1", "outcome": "nonsense"])
        #expect(filter.target == "seq 1")
        #expect(!problems.isEmpty, "an unknown outcome is explained")
    }

    @Test("CSV cells that a spreadsheet would run as formulas are neutralised", arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
    func csv(cell: String) {
        #expect(AuditExporter.neutralise(cell).hasPrefix("'"))
        #expect(AuditExporter.csvLine([cell, nil]).hasPrefix("\"'"))
    }

    @Test("A tenant claim: fixed length, tenant first, signed; another key signs differently")
    func claims() throws {
        let tenant = UUID()
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let claim = try TenantClaim(key: Array(repeating: 1, count: 32)).claim(for: tenant, at: at)
        #expect(claim.count == 112)
        #expect(claim.hasPrefix(tenant.uuidString.lowercased() + ".1800000000."))
        #expect(claim != (try TenantClaim(key: Array(repeating: 2, count: 32)).claim(for: tenant, at: at)))
        #expect(throws: ConfigurationError.self) { try TenantClaim(key: Array(repeating: 1, count: 16)) }
    }

    @Test("Password policy: length by code points, common passwords, the person's own name and email")
    func passwords() {
        let policy = PasswordPolicy(commonPasswords: ["correcthorse"])
        #expect(policy.problems("correct horse battery staple", email: "ann@acme.test", name: "Ann").isEmpty)
        #expect(!policy.problems("short", email: "ann@acme.test", name: "Ann").isEmpty)
        #expect(!policy.problems("correcthorse", email: "ann@acme.test", name: "Ann").isEmpty)
        #expect(!policy.problems("my email is ann@acme.test", email: "ann@acme.test", name: "Ann").isEmpty)
    }
}

/// The middleware is generic over its context; the check under test does not use it.
typealias BasicRequestContextStandIn = AppRequestContext
