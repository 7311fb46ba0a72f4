import Foundation

/// Interview templates of the current tenant.
public struct TemplateRepository: Sendable {
    public init() {}

    static let columns = """
        t.id, t.name, t.position, t.level, t.kind, t.question_count, t.bank_ids, t.category_ids, t.tags, t.seconds_per_question, t.due_at
        """

    private typealias Row = (UUID, String, String, String, String, Int, [UUID], [UUID], [String], Int, Date?)

    private static func template(_ row: Row) -> InterviewTemplate {
        InterviewTemplate(
            id: row.0,
            name: row.1,
            position: row.2,
            level: row.3,
            kind: InterviewTemplate.Kind(rawValue: row.4) ?? .mixed,
            questionCount: row.5,
            bankIDs: row.6,
            categoryIDs: row.7,
            tags: row.8,
            secondsPerQuestion: row.9,
            dueAt: row.10
        )
    }

    /// Templates that are not archived, soonest due first, then by name.
    public func active(in db: TenantConnection) async throws -> [InterviewTemplate] {
        try await db.all(
            """
            SELECT \(unescaped: Self.columns) FROM interview_templates t
             WHERE t.tenant_id = \(db.tenantID) AND t.archived_at IS NULL ORDER BY t.due_at NULLS LAST, lower(t.name), t.id LIMIT 200
            """,
            as: Row.self
        ).map(Self.template)
    }

    /// The templates a candidate may start: those open to everyone and those assigned to them.
    public func available(to userID: UUID, in db: TenantConnection) async throws -> [InterviewTemplate] {
        try await db.all(AvailableTemplatesStatement(bindings: .init(db.tenantID, userID)), as: Row.self).map(Self.template)
    }

    /// One template the candidate may start, or nil (another tenant's, archived, or assigned to others only).
    public func startable(_ id: UUID, by userID: UUID, in db: TenantConnection) async throws -> InterviewTemplate? {
        try await db.first(
            """
            SELECT \(unescaped: Self.columns) FROM interview_templates t
             WHERE t.tenant_id = \(db.tenantID) AND t.id = \(id) AND t.archived_at IS NULL
               AND (t.audience = 'all' OR EXISTS (SELECT 1 FROM template_assignments a
                     WHERE a.tenant_id = t.tenant_id AND a.template_id = t.id AND a.user_id = \(userID)))
            """,
            as: Row.self
        ).map(Self.template)
    }

    /// One template that is not archived, or nil (ids from the URL are checked here, against the tenant).
    public func find(_ id: UUID, in db: TenantConnection) async throws -> InterviewTemplate? {
        try await db.first(
            "SELECT \(unescaped: Self.columns) FROM interview_templates t WHERE t.tenant_id = \(db.tenantID) AND t.id = \(id) AND t.archived_at IS NULL",
            as: Row.self
        ).map(Self.template)
    }

    /// The templates that are not archived, as ``active(in:)`` orders them, with their audience and how many candidates
    /// are assigned to each (for the admin's list).
    public func listing(in db: TenantConnection) async throws -> [TemplateListing] {
        try await db.all(
            """
            SELECT \(unescaped: Self.columns), t.audience,
                   (SELECT count(*)::int FROM template_assignments a WHERE a.tenant_id = t.tenant_id AND a.template_id = t.id)
              FROM interview_templates t
             WHERE t.tenant_id = \(db.tenantID) AND t.archived_at IS NULL ORDER BY t.due_at NULLS LAST, lower(t.name), t.id LIMIT 200
            """,
            as: (UUID, String, String, String, String, Int, [UUID], [UUID], [String], Int, Date?, String, Int).self
        ).map { row in
            TemplateListing(
                template: Self.template((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10)),
                audience: TemplateAudience(rawValue: row.11) ?? .all,
                assigned: row.12
            )
        }
    }

    /// One template of the tenant, archived or not, with its audience (ids from the URL are checked here); nil when the
    /// tenant has no such template.
    public func detail(_ id: UUID, in db: TenantConnection) async throws -> TemplateDetail? {
        try await db.first(
            """
            SELECT \(unescaped: Self.columns), t.audience, t.archived_at FROM interview_templates t
             WHERE t.tenant_id = \(db.tenantID) AND t.id = \(id)
            """,
            as: (UUID, String, String, String, String, Int, [UUID], [UUID], [String], Int, Date?, String, Date?).self
        ).map { row in
            TemplateDetail(
                template: Self.template((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10)),
                audience: TemplateAudience(rawValue: row.11) ?? .all,
                archivedAt: row.12
            )
        }
    }

    /// Saves a new template and its audit event, in the caller's transaction.
    public func insert(_ template: InterviewTemplate, by source: AuditSource, userID: UUID?, in db: TenantConnection) async throws {
        try await db.run(
            """
            INSERT INTO interview_templates (tenant_id, id, name, position, level, kind, question_count, bank_ids, category_ids,
                                             tags, seconds_per_question, due_at, created_by)
            VALUES (\(db.tenantID), \(template.id), \(template.name), \(template.position), \(template.level), \(template.kind.rawValue),
                    \(template.questionCount), \(template.bankIDs), \(template.categoryIDs), \(template.tags), \(template.secondsPerQuestion), \(template.dueAt), \(userID))
            """
        )
        let event = source.event(
            .templateCreated,
            targetType: "interview_template",
            targetID: template.id,
            targetLabel: template.name,
            after: [
                "kind": template.kind.rawValue, "questions": String(template.questionCount), "seconds": String(template.secondsPerQuestion),
                "banks": template.bankIDs.map { $0.lowercasedString }.joined(separator: ","),
                "categories": template.categoryIDs.map { $0.lowercasedString }.joined(separator: ","),
            ]
        )
        try await AuditLog().record(event, in: db)
    }

    /// Archives a template (interviews already taken keep it); false when there was nothing to archive.
    public func archive(_ id: UUID, by source: AuditSource, in db: TenantConnection) async throws -> Bool {
        guard
            let name = try await db.first(
                """
                UPDATE interview_templates SET archived_at = now()
                 WHERE tenant_id = \(db.tenantID) AND id = \(id) AND archived_at IS NULL RETURNING name
                """,
                as: String.self
            )
        else { return false }
        try await AuditLog().record(source.event(.templateArchived, targetType: "interview_template", targetID: id, targetLabel: name), in: db)
        return true
    }
}

/// A template on the admin's list: its audience and how many candidates are assigned to it.
public struct TemplateListing: Sendable {
    public let template: InterviewTemplate
    public let audience: TemplateAudience
    public let assigned: Int
}

/// One template as its admin page shows it, archived or not.
public struct TemplateDetail: Sendable {
    public let template: InterviewTemplate
    public let audience: TemplateAudience
    public let archivedAt: Date?
}
