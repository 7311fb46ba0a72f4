import Foundation
import PostgresNIO

/// The newest events of the tenant (`$1`): the audit list as an admin lands on it (``FixedStatement``).
struct AuditFirstPageStatement: FixedStatement {
    static let name = "audit_first_page"
    static let sql = "SELECT \(AuditRepository.listColumns) FROM audit_events WHERE tenant_id = $1 ORDER BY pos DESC LIMIT \(ListPage.size + 1)"
    let bindings: PostgresBindings
}

/// The next page of the tenant's (`$1`) events, listed before position `$2`, unfiltered.
struct AuditNextPageStatement: FixedStatement {
    static let name = "audit_next_page"
    static let sql = """
        SELECT \(AuditRepository.listColumns) FROM audit_events WHERE tenant_id = $1 AND pos < $2 ORDER BY pos DESC LIMIT \(ListPage.size + 1)
        """
    let bindings: PostgresBindings
}

/// Appends one event (``AuditLog/record(_:in:)``): every change sends it. Its values may be NULL, so their types are
/// declared rather than read from the first values bound.
struct AuditInsertStatement: FixedStatement {
    static let name = "audit_insert"
    static let sql = """
        INSERT INTO audit_events (tenant_id, actor_user_id, actor_label, actor_email, actor_name, actor_role, action,
                                  target_type, target_id, target_label, outcome, ip, user_agent, request_id,
                                  details, before, after)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::inet, $13, $14, $15::jsonb,
                $16::jsonb, $17::jsonb)
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .uuid, .uuid, .text, .text, .text, .text, .text, .text, .text, .text, .text, .text, .text, .text, .text, .text, .text,
    ]
    let bindings: PostgresBindings

    init(_ event: AuditEvent, tenantID: UUID) { bindings = Self.bindings(event, tenantID: tenantID) }

    /// The event's values in the order of the statement's `$n`, the tenant first.
    static func bindings(_ event: AuditEvent, tenantID: UUID) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 17)
        bindings.append(tenantID)
        bindings.append(event.actor.userID)
        bindings.append(String(event.actor.label.prefix(320)))
        bindings.append(event.actor.email)
        bindings.append(event.actor.name)
        bindings.append(event.actor.role)
        bindings.append(event.action.rawValue)
        bindings.append(event.targetType)
        bindings.append(event.targetID)
        bindings.append(event.targetLabel.map { String($0.prefix(320)) })
        bindings.append(event.outcome.rawValue)
        bindings.append(event.ip)
        bindings.append(event.userAgent.map { String($0.prefix(512)) })
        bindings.append(event.requestID)
        bindings.append(event.detailsJSON)
        bindings.append(AuditEvent.json(event.before))
        bindings.append(AuditEvent.json(event.after))
        return bindings
    }
}

/// A view of the audit list: appends its `audit.read` event and reads the tenant's (`$1`) latest chain verification,
/// which the list shows, in one statement instead of two. PostgreSQL runs an INSERT in a WITH clause to the end whether or
/// not the query reads its rows.
struct AuditViewStatement: FixedStatement {
    static let name = "audit_view"
    static let sql = """
        WITH recorded AS (\(AuditInsertStatement.sql))
        SELECT verified_at, intact, checked_up_to, first_broken, problem, unsealed, verified_by FROM audit_verifications
         WHERE tenant_id = $1 ORDER BY verified_at DESC LIMIT 1
        """
    static let bindingDataTypes = AuditInsertStatement.bindingDataTypes
    let bindings: PostgresBindings

    init(_ event: AuditEvent, tenantID: UUID) { bindings = AuditInsertStatement.bindings(event, tenantID: tenantID) }
}
