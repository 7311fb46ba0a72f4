import Foundation

/// Changes who may start a template: its audience and the candidates assigned to it. Each change writes its audit
/// event in the caller's transaction; archived templates are left alone.
public struct TemplateAssignmentRepository: Sendable {
    public init() {}

    /// Sets the audience; returns false when it already was `audience` (nothing written, no event).
    public func setAudience(
        _ audience: TemplateAudience,
        of template: TemplateDetail,
        by source: AuditSource,
        in db: TenantConnection
    ) async throws -> Bool {
        let changed = try await db.count(
            """
            UPDATE interview_templates SET audience = \(audience.rawValue)
             WHERE tenant_id = \(db.tenantID) AND id = \(template.template.id) AND archived_at IS NULL AND audience <> \(audience.rawValue)
            RETURNING id
            """
        )
        guard changed > 0 else { return false }
        let event = source.event(
            .templateAudienceChanged,
            targetType: "interview_template",
            targetID: template.template.id,
            targetLabel: template.template.name,
            before: ["audience": template.audience.rawValue],
            after: ["audience": audience.rawValue]
        )
        try await AuditLog().record(event, in: db)
        return true
    }

    /// Assigns the template to every address in `emails`, or to none of them: when any address is not an active
    /// candidate of the tenant (unknown, staff, deactivated or erased), nothing is written. Addresses already
    /// assigned stay as they are. One audit event lists the newly assigned addresses.
    public func assign(
        _ emails: [String],
        to template: TemplateDetail,
        by source: AuditSource,
        userID: UUID?,
        in db: TenantConnection
    ) async throws -> TemplateAssignmentOutcome {
        let found = try await db.all(
            """
            SELECT email, id FROM users
             WHERE tenant_id = \(db.tenantID) AND email = ANY(\(emails)) AND role = 'candidate' AND status = 'active' AND erased_at IS NULL
            """,
            as: (String, UUID).self
        )
        let ids = Dictionary(found, uniquingKeysWith: { first, _ in first })
        let missing = emails.filter { ids[$0] == nil }
        guard missing.isEmpty else { return .refused(missing) }
        let added = try await db.all(
            """
            INSERT INTO template_assignments (tenant_id, template_id, user_id, assigned_by)
            SELECT \(db.tenantID), \(template.template.id), u, \(userID) FROM unnest(\(emails.compactMap { ids[$0] })::uuid[]) AS u
            ON CONFLICT (tenant_id, template_id, user_id) DO NOTHING
            RETURNING user_id
            """,
            as: UUID.self
        )
        let newIDs = Set(added)
        let newEmails = emails.filter { ids[$0].map(newIDs.contains) == true }
        if !newEmails.isEmpty {
            let event = source.event(
                .templateAssigned,
                targetType: "interview_template",
                targetID: template.template.id,
                targetLabel: template.template.name,
                after: [
                    "assigned": String(newEmails.count),
                    "emails": newEmails.joined(separator: ", "),
                    "already_assigned": String(emails.count - newEmails.count),
                ]
            )
            try await AuditLog().record(event, in: db)
        }
        return .assigned(added: newEmails.count, already: emails.count - newEmails.count)
    }

    /// Removes one candidate's assignment; false when the person is not assigned to this template (or is not the
    /// tenant's), so the caller answers 404.
    public func unassign(_ userID: UUID, from template: TemplateDetail, by source: AuditSource, in db: TenantConnection) async throws -> Bool {
        guard
            let email = try await db.first(
                """
                DELETE FROM template_assignments a USING users u
                 WHERE a.tenant_id = \(db.tenantID) AND a.template_id = \(template.template.id) AND a.user_id = \(userID)
                   AND u.tenant_id = a.tenant_id AND u.id = a.user_id
                RETURNING u.email
                """,
                as: String.self
            )
        else { return false }
        let event = source.event(
            .templateUnassigned,
            targetType: "interview_template",
            targetID: template.template.id,
            targetLabel: template.template.name,
            details: ["user_id": userID.lowercasedString],
            before: ["candidate": email]
        )
        try await AuditLog().record(event, in: db)
        return true
    }
}
