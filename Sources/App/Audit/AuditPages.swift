import Foundation

/// A `<select>` option.
struct Option: Encodable, TemplateDirect {
    let value: String
    let label: String
    let selected: Bool

    var templateValue: TemplateValue {
        let node = TemplateNode(capacity: 3)
        node.append("value", .text(value))
        node.append("label", .text(label))
        node.append("selected", .flag(selected))
        return .node(node)
    }
}

/// The chain-verification badge.
struct Badge: Encodable {
    let intact: Bool
    let text: String
    let when: String

    init(_ stored: StoredVerification) {
        intact = stored.result.intact
        text = stored.result.summary
        when = "checked \(AuditListRow.timeFormatter.string(from: stored.verifiedAt)) UTC by \(stored.verifiedBy)"
    }
}

struct AuditListPage: Encodable {
    let chrome: Chrome
    let raw: AuditFilter.Raw
    let actionOptions: [Option]
    let outcomeOptions: [Option]
    let problems: [String]
    let hasProblems: Bool
    let rows: [AuditListRow]
    /// Mustache reads stored properties only, so flags are stored, not computed.
    let isEmpty: Bool
    let isFiltered: Bool
    let olderHref: String?
    let newestHref: String?
    let exportCSVHref: String
    let exportJSONLHref: String
    let clearHref: String
    let verifyAction: String
    let badge: Badge?
    let notice: String?
    let csrfToken: String

    init(
        chrome: Chrome,
        raw: AuditFilter.Raw,
        actionOptions: [Option],
        outcomeOptions: [Option],
        problems: [String],
        rows: [AuditListRow],
        isFiltered: Bool,
        olderHref: String?,
        newestHref: String?,
        exportCSVHref: String,
        exportJSONLHref: String,
        clearHref: String,
        verifyAction: String,
        badge: Badge?,
        notice: String?,
        csrfToken: String
    ) {
        self.chrome = chrome
        self.raw = raw
        self.actionOptions = actionOptions
        self.outcomeOptions = outcomeOptions
        self.problems = problems
        self.hasProblems = !problems.isEmpty
        self.rows = rows
        self.isEmpty = rows.isEmpty && problems.isEmpty
        self.isFiltered = isFiltered
        self.olderHref = olderHref
        self.newestHref = newestHref
        self.exportCSVHref = exportCSVHref
        self.exportJSONLHref = exportJSONLHref
        self.clearHref = clearHref
        self.verifyAction = verifyAction
        self.badge = badge
        self.notice = notice
        self.csrfToken = csrfToken
    }
}

struct AuditListRow: Encodable, TemplateDirect {
    let href: String
    /// The event's seq, or "pending" until the sealer has linked it into the chain.
    let seq: String
    let time: String
    let actorName: String
    let actorDetail: String?
    let actorHref: String
    let action: String
    let summary: String
    let target: String?
    let targetHref: String?
    let outcome: String
    let failed: Bool

    static var timeFormatter: FixedUTCFormat { UTCFormat.time }

    init(_ row: AuditRow, base: String) {
        href = "\(base)/\(row.id.lowercasedString)"
        seq = row.seq.map(String.init) ?? "pending"
        time = Self.timeFormatter.string(from: row.occurredAt)
        actorName = row.actorName ?? row.actorLabel
        let detail = [row.actorName == nil ? nil : row.actorLabel, row.actorRole].compactMap { $0 }.joined(separator: " · ")
        actorDetail = detail.isEmpty ? nil : detail
        actorHref = "\(base)?\([("actor", row.actorUserID?.lowercasedString ?? row.actorLabel)].queryString)"
        action = row.action
        summary = AuditAction(rawValue: row.action)?.summary ?? row.action
        let targetText = [row.targetType, row.targetLabel ?? row.targetID].compactMap { $0 }.joined(separator: ": ")
        target = targetText.isEmpty ? nil : targetText
        if let type = row.targetType, let id = row.targetID {
            targetHref = "\(base)?\([("target_type", type), ("target", id)].queryString)"
        } else {
            targetHref = nil
        }
        outcome = row.outcome
        failed = row.outcome != "success"
    }

    var templateValue: TemplateValue {
        let node = TemplateNode(capacity: 12)
        node.append("href", .text(href))
        node.append("seq", .text(seq))
        node.append("time", .text(time))
        node.append("actorName", .text(actorName))
        node.append("actorDetail", actorDetail)
        node.append("actorHref", .text(actorHref))
        node.append("action", .text(action))
        node.append("summary", .text(summary))
        node.append("target", target)
        node.append("targetHref", targetHref)
        node.append("outcome", .text(outcome))
        node.append("failed", .flag(failed))
        return .node(node)
    }
}

struct AuditDetailPage: Encodable {
    struct Change: Encodable {
        let field: String
        let before: String
        let after: String
        let changed: Bool
    }

    struct Fact: Encodable {
        let label: String
        let value: String
    }

    let chrome: Chrome
    let row: AuditListRow
    let facts: [Fact]
    let changes: [Change]
    let hasChanges: Bool
    let details: [Fact]
    let hasDetails: Bool
    let backHref: String
    let hash: String
    let prevHash: String

    init(chrome: Chrome, detail: AuditDetail, base: String) {
        self.chrome = chrome
        row = AuditListRow(detail.row, base: base)
        facts = [
            Fact(label: "Sequence", value: detail.row.seq.map(String.init) ?? Self.notSealed),
            Fact(label: "When (UTC)", value: row.time),
            Fact(
                label: "Actor",
                value: [detail.row.actorName, detail.actorEmail ?? detail.row.actorLabel, detail.row.actorRole].compactMap { $0 }.joined(
                    separator: " · "
                )
            ),
            Fact(label: "Action", value: "\(row.summary) (\(detail.row.action))"),
            Fact(label: "Outcome", value: detail.row.outcome),
            Fact(label: "Target", value: row.target ?? "—"),
            Fact(label: "IP address", value: detail.ip ?? "—"),
            Fact(label: "User agent", value: detail.userAgent ?? "—"),
            Fact(label: "Request id", value: detail.requestID ?? "—"),
        ]
        let keys = Set((detail.before ?? [:]).keys).union((detail.after ?? [:]).keys).sorted()
        changes = keys.map { key in
            let before = detail.before?[key]
            let after = detail.after?[key]
            return Change(field: key, before: before ?? "—", after: after ?? "—", changed: before != after)
        }
        hasChanges = !changes.isEmpty
        details = detail.details.sorted { $0.key < $1.key }.map { Fact(label: $0.key, value: $0.value) }
        hasDetails = !details.isEmpty
        backHref = base
        hash = detail.hash ?? Self.notSealed
        prevHash = detail.prevHash ?? Self.notSealed
    }

    static let notSealed = "not sealed yet: the event is recorded, and is linked into the chain within a second or so"

}

extension AuditListPage: Page {
    static let template = "audit/list"
}

extension AuditDetailPage: Page {
    static let template = "audit/detail"
}
