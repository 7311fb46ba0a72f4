import PostgresNIO

// What a candidate's dashboard reads on every view, as prepared statements (``FixedStatement``). `$1` is always the
// tenant; a LIMIT is a number in the SQL (``ListPage`` says why).

/// The tenant's invitation lifetime and leaderboard setting.
struct OrganisationSettingsStatement: FixedStatement {
    static let name = "organisation_settings"
    static let sql = "SELECT invitation_days, leaderboard FROM tenants WHERE id = $1"
    let bindings: PostgresBindings
}

/// The templates candidate `$2` may start: open to everyone or assigned to them, soonest due first.
struct AvailableTemplatesStatement: FixedStatement {
    static let name = "available_templates"
    static let sql = """
        SELECT \(TemplateRepository.columns) FROM interview_templates t
         WHERE t.tenant_id = $1 AND t.archived_at IS NULL
           AND (t.audience = 'all' OR EXISTS (SELECT 1 FROM template_assignments a
                 WHERE a.tenant_id = t.tenant_id AND a.template_id = t.id AND a.user_id = $2))
         ORDER BY t.due_at NULLS LAST, lower(t.name), t.id LIMIT 200
        """
    let bindings: PostgresBindings
}

/// Candidate `$2`'s interview in progress, if any.
struct OpenInterviewStatement: FixedStatement {
    static let name = "open_interview"
    static let sql = """
        \(PracticeRepository.stateSelect)
         WHERE i.tenant_id = $1 AND i.user_id = $2 AND i.status = 'in_progress'
         ORDER BY i.started_at DESC, i.id DESC LIMIT 1
        """
    let bindings: PostgresBindings
}

/// Candidate `$2`'s newest interviews, as many as the dashboard shows.
struct RecentInterviewsStatement: FixedStatement {
    static let name = "recent_interviews"
    static let rows = 5
    static let sql = """
        \(PracticeRepository.stateSelect)
         WHERE i.tenant_id = $1 AND i.user_id = $2 ORDER BY i.started_at DESC, i.id DESC LIMIT \(rows)
        """
    let bindings: PostgresBindings
}

/// Candidate `$2`'s scored, completed interviews, oldest first. The answers are reached through the candidate's own
/// (`answers_by_user`): joined by interview alone, PostgreSQL hashed every answer in the tenant, and the statement went
/// from 1.5 to 6.8 ms in four minutes of soak while other candidates answered (BENCHMARKS run 15).
struct CompletedInterviewsStatement: FixedStatement {
    static let name = "completed_interviews"
    static let sql = """
        SELECT i.finished_at, i.overall_score, coalesce(round(avg(a.word_count)), 0)::int, count(a.id)::int
          FROM interviews i
          LEFT JOIN answers a ON a.tenant_id = i.tenant_id AND a.user_id = $2 AND a.interview_id = i.id
         WHERE i.tenant_id = $1 AND i.user_id = $2 AND i.status = 'completed' AND i.overall_score IS NOT NULL
         GROUP BY i.tenant_id, i.id
         ORDER BY i.finished_at, i.id
        """
    let bindings: PostgresBindings
}

/// Candidate `$2`'s scored answers by the category of their question, weakest first.
struct CategoryScoresStatement: FixedStatement {
    static let name = "category_scores"
    static let sql = """
        SELECT coalesce(array_to_string(c.path, ' › '), 'No category'), count(*)::int, round(avg(a.score))::int
          FROM answers a
          JOIN questions q ON q.tenant_id = a.tenant_id AND q.id = a.question_id
          LEFT JOIN question_categories c ON c.tenant_id = q.tenant_id AND c.id = q.category_id
         WHERE a.tenant_id = $1 AND a.user_id = $2 AND a.interview_id IS NOT NULL AND a.score IS NOT NULL
         GROUP BY 1
         ORDER BY 3, 1
        """
    let bindings: PostgresBindings
}

/// Person `$2`'s time zone and leaderboard choices.
struct ProgressPreferencesStatement: FixedStatement {
    static let name = "progress_preferences"
    static let sql = "SELECT time_zone, leaderboard_opt_in, leaderboard_show_name FROM users WHERE tenant_id = $1 AND id = $2"
    let bindings: PostgresBindings
}

/// The best averages since `$2` among active candidates who opted in, as many as the dashboard shows. Partial indexes
/// (migration 0013) give it those candidates and the period's completed interviews without reading the rest.
struct LeaderboardStatement: FixedStatement {
    static let name = "leaderboard"
    static let rows = 10
    static let sql = """
        SELECT u.id, u.name, u.leaderboard_show_name, count(*)::int, round(avg(i.overall_score))::int
          FROM interviews i
          JOIN users u ON u.tenant_id = i.tenant_id AND u.id = i.user_id
         WHERE i.tenant_id = $1 AND i.status = 'completed' AND i.finished_at >= $2
           AND u.role = 'candidate' AND u.status = 'active' AND u.leaderboard_opt_in AND u.erased_at IS NULL
         GROUP BY u.tenant_id, u.id
         ORDER BY 5 DESC, 4 DESC, u.id
         LIMIT \(rows)
        """
    let bindings: PostgresBindings
}
