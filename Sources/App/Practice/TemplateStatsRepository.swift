import Foundation

/// How far the candidates a template is meant for have got with it. Counts are of people, not interviews.
public struct TemplateCompletion: Sendable, Equatable {
    /// Active candidates in the audience: every one when it is open to all, else the active assigned ones.
    public let audience: Int
    /// Of those, how many started it at least once, completed it at least once, have one in progress now and
    /// abandoned one at least once.
    public let started: Int
    public let completed: Int
    public let inProgress: Int
    public let abandoned: Int
    /// Interviews of this template by anyone, whatever their state (none: nobody has taken it).
    public let interviews: Int

    /// Audience members who have not completed it yet.
    public var notCompleted: Int { audience - completed }

    /// Completed at least once, as a whole percentage of the audience; nil for an empty audience.
    public var rate: Int? { audience == 0 ? nil : Int((Double(completed) * 100 / Double(audience)).rounded()) }
}

/// The overall scores of a template's completed interviews.
public struct TemplateScores: Sendable, Equatable {
    /// The score ranges of the distribution, lowest first; the last one includes 100.
    public static let ranges: [ClosedRange<Int>] = [0...19, 20...39, 40...59, 60...79, 80...100]

    public let count: Int
    /// Rounded to a whole score; nil without completed interviews.
    public let average: Int?
    /// Half-way between the two middle scores when the count is even.
    public let median: Double?
    /// How many completed interviews scored in each of ``ranges``.
    public let buckets: [Int]
}

/// A candidate a template is assigned to, with how they did.
public struct TemplateAssignee: Sendable, Equatable {
    public let userID: UUID
    public let name: String
    public let email: String
    public let assignedAt: Date
    /// Still an active candidate (not deactivated or erased): only active people are in the audience.
    public let active: Bool
    public let completed: Bool
    /// The best overall score of their completed interviews of this template.
    public let best: Int?
}

/// Reads a template's completion, score distribution and assignments. Nothing here changes data.
public struct TemplateStatsRepository: Sendable {
    public init() {}

    /// At most this many assigned candidates are listed on the page.
    public static let assigneeLimit = 500

    /// Completion figures of the template's audience.
    public func completion(_ id: UUID, audience: TemplateAudience, in db: TenantConnection) async throws -> TemplateCompletion {
        let row = try await db.first(
            """
            WITH audience AS (
                SELECT u.id FROM users u
                 WHERE u.tenant_id = \(db.tenantID) AND u.role = 'candidate' AND u.status = 'active' AND u.erased_at IS NULL
                   AND (\(audience.rawValue)::text = 'all' OR EXISTS (SELECT 1 FROM template_assignments a
                         WHERE a.tenant_id = u.tenant_id AND a.template_id = \(id) AND a.user_id = u.id))
            ), taken AS (
                SELECT i.user_id, bool_or(i.status = 'completed') AS completed, bool_or(i.status = 'in_progress') AS open,
                       bool_or(i.status = 'abandoned') AS abandoned
                  FROM interviews i
                 WHERE i.tenant_id = \(db.tenantID) AND i.template_id = \(id)
                 GROUP BY i.user_id
            )
            SELECT count(*)::int, count(k.user_id)::int, count(*) FILTER (WHERE k.completed)::int,
                   count(*) FILTER (WHERE k.open)::int, count(*) FILTER (WHERE k.abandoned)::int,
                   (SELECT count(*)::int FROM interviews i WHERE i.tenant_id = \(db.tenantID) AND i.template_id = \(id))
              FROM audience a LEFT JOIN taken k ON k.user_id = a.id
            """,
            as: (Int, Int, Int, Int, Int, Int).self
        )
        return TemplateCompletion(
            audience: row?.0 ?? 0,
            started: row?.1 ?? 0,
            completed: row?.2 ?? 0,
            inProgress: row?.3 ?? 0,
            abandoned: row?.4 ?? 0,
            interviews: row?.5 ?? 0
        )
    }

    /// The distribution, average and median of the overall scores of the template's completed interviews (everyone's,
    /// including people deactivated or erased since: their scores stay in the statistics).
    public func scores(_ id: UUID, in db: TenantConnection) async throws -> TemplateScores {
        let row = try await db.first(
            """
            SELECT count(*)::int, round(avg(overall_score))::int,
                   (percentile_cont(0.5) WITHIN GROUP (ORDER BY overall_score))::float8,
                   count(*) FILTER (WHERE overall_score < 20)::int,
                   count(*) FILTER (WHERE overall_score BETWEEN 20 AND 39)::int,
                   count(*) FILTER (WHERE overall_score BETWEEN 40 AND 59)::int,
                   count(*) FILTER (WHERE overall_score BETWEEN 60 AND 79)::int,
                   count(*) FILTER (WHERE overall_score >= 80)::int
              FROM interviews
             WHERE tenant_id = \(db.tenantID) AND template_id = \(id) AND status = 'completed' AND overall_score IS NOT NULL
            """,
            as: (Int, Int?, Double?, Int, Int, Int, Int, Int).self
        )
        guard let row else { return TemplateScores(count: 0, average: nil, median: nil, buckets: [0, 0, 0, 0, 0]) }
        return TemplateScores(count: row.0, average: row.1, median: row.2, buckets: [row.3, row.4, row.5, row.6, row.7])
    }

    /// The candidates the template is assigned to, by name, with the total (the list stops at ``assigneeLimit``).
    public func assignees(_ id: UUID, in db: TenantConnection) async throws -> (rows: [TemplateAssignee], total: Int) {
        let rows = try await db.all(
            """
            SELECT u.id, u.name, u.email, a.assigned_at,
                   u.role = 'candidate' AND u.status = 'active' AND u.erased_at IS NULL,
                   c.done > 0, c.best, count(*) OVER ()::int
              FROM template_assignments a
              JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
             CROSS JOIN LATERAL (
                   SELECT count(*)::int AS done, max(i.overall_score)::int AS best FROM interviews i
                    WHERE i.tenant_id = a.tenant_id AND i.template_id = a.template_id AND i.user_id = a.user_id
                      AND i.status = 'completed') c
             WHERE a.tenant_id = \(db.tenantID) AND a.template_id = \(id)
             ORDER BY lower(u.name), u.email, u.id
             LIMIT \(Self.assigneeLimit)
            """,
            as: (UUID, String, String, Date, Bool, Bool, Int?, Int).self
        )
        let assignees = rows.map {
            TemplateAssignee(userID: $0.0, name: $0.1, email: $0.2, assignedAt: $0.3, active: $0.4, completed: $0.5, best: $0.6)
        }
        return (assignees, rows.first?.7 ?? 0)
    }
}
