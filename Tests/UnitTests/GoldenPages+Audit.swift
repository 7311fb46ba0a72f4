import Foundation

@testable import App

/// The audit log: a filtered second page of events, and one event with its changes.
extension GoldenPageTests {
    static let auditBase = TenantPage.audit.href("acme")

    static let auditRows: [AuditRow] = [
        AuditRow(
            id: uuid(0xe3),
            pos: 1042,
            seq: nil,
            occurredAt: now,
            actorLabel: "owner@acme.test",
            actorName: "Olivia Owner",
            actorRole: "owner",
            actorUserID: owner.id,
            action: AuditAction.securityPolicyChanged.rawValue,
            targetType: "tenant",
            targetID: tenant.id.uuidString,
            targetLabel: tenant.name,
            outcome: "success"
        ),
        AuditRow(
            id: uuid(0xe2),
            pos: 1041,
            seq: 41,
            occurredAt: now.addingTimeInterval(-125),
            actorLabel: "candidate@acme.test",
            actorName: nil,
            actorRole: nil,
            actorUserID: nil,
            action: AuditAction.signInFailed.rawValue,
            targetType: "user",
            targetID: uuid(0xb2).uuidString,
            targetLabel: "candidate@acme.test",
            outcome: "failure"
        ),
        AuditRow(
            id: uuid(0xe1),
            pos: 1040,
            seq: 40,
            occurredAt: now.addingTimeInterval(-3_600),
            actorLabel: "203.0.113.9",
            actorName: nil,
            actorRole: nil,
            actorUserID: nil,
            action: AuditAction.csrfRejected.rawValue,
            targetType: nil,
            targetID: nil,
            targetLabel: nil,
            outcome: "denied"
        ),
    ]

    nonisolated(unsafe) static let auditPages: [(String, any Page)] = [
        (
            "audit-list",
            AuditListPage(
                chrome: chrome("Audit log", section: "audit"),
                raw: {
                    var raw = AuditFilter.Raw()
                    raw.from = "2026-11-01"
                    raw.to = "2026-11-30"
                    return raw
                }(),
                actionOptions: [Option(value: "", label: "Any action", selected: true)]
                    + [AuditAction.signInSucceeded, .signInFailed, .csrfRejected, .securityPolicyChanged].map {
                        Option(value: $0.rawValue, label: "\($0.summary) (\($0.rawValue))", selected: false)
                    },
                outcomeOptions: [Option(value: "", label: "Any outcome", selected: true)]
                    + AuditOutcome.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: false) },
                problems: [],
                rows: auditRows.map { AuditListRow($0, base: auditBase) },
                isFiltered: true,
                olderHref: "\(auditBase)?from=2026-11-01&to=2026-11-30&before=1040",
                newestHref: "\(auditBase)?from=2026-11-01&to=2026-11-30",
                exportCSVHref: "\(auditBase)/export?from=2026-11-01&to=2026-11-30&format=csv",
                exportJSONLHref: "\(auditBase)/export?from=2026-11-01&to=2026-11-30&format=jsonl",
                clearHref: auditBase,
                verifyAction: "\(auditBase)/verify",
                badge: Badge(
                    StoredVerification(
                        verifiedAt: now.addingTimeInterval(-60),
                        result: ChainVerification(intact: true, checkedUpTo: 42, firstBroken: nil, problem: nil),
                        verifiedBy: "owner@acme.test"
                    )
                ),
                notice: Notice.verified.message,
                csrfToken: "csrf-token"
            )
        ),
        (
            "audit-detail",
            AuditDetailPage(
                chrome: chrome("Audit event", section: "audit"),
                detail: AuditDetail(
                    row: sealed(auditRows[0], seq: 42),
                    actorEmail: "owner@acme.test",
                    ip: "203.0.113.9",
                    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
                    requestID: "0123456789abcdef01234567",
                    details: ["confirmed_with": "password", "sessions_ended": "0"],
                    before: ["session_idle_minutes": "30", "lockout_threshold": "5", "require_2fa_roles": "owner"],
                    after: [
                        "session_idle_minutes": "60", "lockout_threshold": "5", "require_2fa_roles": "owner,admin", "two_factor_grace_days": "7",
                    ],
                    prevHash: "9f2c4e1a7b3d5f60812a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d",
                    hash: "4b7e1d0a3c6f9e2b5d8a1c4f7e0b3d6a9c2f5e8b1d4a7c0f3e6b9d2a5c8f1e4b"
                ),
                base: auditBase
            )
        ),
    ]

    /// `row` as it reads once the sealer has given it `seq`.
    static func sealed(_ row: AuditRow, seq: Int64) -> AuditRow {
        AuditRow(
            id: row.id,
            pos: row.pos,
            seq: seq,
            occurredAt: row.occurredAt,
            actorLabel: row.actorLabel,
            actorName: row.actorName,
            actorRole: row.actorRole,
            actorUserID: row.actorUserID,
            action: row.action,
            targetType: row.targetType,
            targetID: row.targetID,
            targetLabel: row.targetLabel,
            outcome: row.outcome
        )
    }
}
