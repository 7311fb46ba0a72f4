import Foundation
import PostgresNIO

/// The tenant's question banks, their category trees and the plan's question limit.
public struct BankRepository: Sendable {
    public init() {}

    /// Every bank, by name.
    public func banks(in db: TenantConnection) async throws -> [QuestionBank] {
        try await db.all(BanksStatement(bindings: .init(db.tenantID)), as: (UUID, String, String).self).map {
            QuestionBank(id: $0.0, name: $0.1, description: $0.2)
        }
    }

    /// One bank of this tenant, or nil.
    public func bank(_ id: UUID, in db: TenantConnection) async throws -> QuestionBank? {
        try await db.first(
            "SELECT id, name, description FROM question_banks WHERE tenant_id = \(db.tenantID) AND id = \(id)",
            as: (UUID, String, String).self
        ).map { QuestionBank(id: $0.0, name: $0.1, description: $0.2) }
    }

    /// Creates a bank and appends its audit event; nil (and no event) when the tenant already has one by that name.
    public func createBank(name: String, description: String, source: AuditSource, in db: TenantConnection) async throws -> QuestionBank? {
        let created = try await db.first(
            """
            INSERT INTO question_banks (tenant_id, name, description) VALUES (\(db.tenantID), \(name), \(description))
            ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id, name, description
            """,
            as: (UUID, String, String).self
        ).map { QuestionBank(id: $0.0, name: $0.1, description: $0.2) }
        if let bank = created {
            let event = source.event(.bankCreated, targetType: "question_bank", targetID: bank.id, targetLabel: bank.name, after: ["name": bank.name])
            try await AuditLog().record(event, in: db)
        }
        return created
    }

    /// Every category of every bank (or of `bankID`), by bank and path.
    public func categories(bankID: UUID? = nil, in db: TenantConnection) async throws -> [QuestionCategory] {
        if bankID == nil {
            return try await db.all(CategoriesStatement(bindings: .init(db.tenantID)), as: (UUID, UUID, [String]).self)
                .map { QuestionCategory(id: $0.0, bankID: $0.1, path: $0.2) }
        }
        return try await db.all(
            """
            SELECT id, bank_id, path FROM question_categories
             WHERE tenant_id = \(db.tenantID) AND (\(bankID)::uuid IS NULL OR bank_id = \(bankID)) ORDER BY bank_id, path
            """,
            as: (UUID, UUID, [String]).self
        ).map { QuestionCategory(id: $0.0, bankID: $0.1, path: $0.2) }
    }

    /// One category of this tenant, or nil.
    public func category(_ id: UUID, in db: TenantConnection) async throws -> QuestionCategory? {
        try await db.first(
            "SELECT id, bank_id, path FROM question_categories WHERE tenant_id = \(db.tenantID) AND id = \(id)",
            as: (UUID, UUID, [String]).self
        ).map { QuestionCategory(id: $0.0, bankID: $0.1, path: $0.2) }
    }

    /// The category at `path` in the bank, creating it and any missing parents.
    public func ensureCategory(bankID: UUID, path: [String], in db: TenantConnection) async throws -> QuestionCategory {
        var parent: UUID? = nil
        var found: QuestionCategory? = nil
        for depth in 1...path.count {
            let prefix = Array(path.prefix(depth))
            let row = try await db.first(
                """
                WITH inserted AS (
                    INSERT INTO question_categories (tenant_id, bank_id, parent_id, name, path)
                    VALUES (\(db.tenantID), \(bankID), \(parent), \(prefix[depth - 1]), \(prefix))
                    ON CONFLICT (tenant_id, bank_id, path) DO NOTHING RETURNING id)
                SELECT id FROM inserted
                UNION ALL
                SELECT id FROM question_categories WHERE tenant_id = \(db.tenantID) AND bank_id = \(bankID) AND path = \(prefix)
                LIMIT 1
                """,
                as: UUID.self
            )
            guard let id = row else { throw AppError.notFound }
            parent = id
            found = QuestionCategory(id: id, bankID: bankID, path: prefix)
        }
        guard let found else { throw AppError.notFound }
        return found
    }

    /// The plan's name, its question limit and how many questions (archived ones excepted) count against it. Locks
    /// the tenant row until the transaction ends, so two concurrent creations cannot both take the last place.
    /// `lock: false` only reads (a page that shows the count).
    public func questionAllowance(lock: Bool = true, in db: TenantConnection) async throws -> (plan: String, limit: Int, used: Int) {
        if lock { try await db.lockTenant() }
        guard
            let row = try await db.first(
                """
                SELECT p.name, p.max_questions,
                       (SELECT count(*) FROM questions q WHERE q.tenant_id = t.id AND q.status <> 'archived')::int
                  FROM tenants t JOIN plans p ON p.id = t.plan_id
                 WHERE t.id = \(db.tenantID)
                """,
                as: (String, Int, Int).self
            )
        else { throw AppError.notFound }
        return (row.0, row.1, row.2)
    }

    /// The tenant's languages (BCP 47) and its default.
    public func languages(in db: TenantConnection) async throws -> (all: [String], default: String) {
        guard
            let row = try await db.first(LanguagesStatement(bindings: .init(db.tenantID)), as: ([String], String).self)
        else { throw AppError.notFound }
        return (row.0, row.1)
    }

    /// Replaces the tenant's languages and default and appends the change to the audit log, in the caller's transaction.
    public func setLanguages(_ tags: [String], default preferred: String, source: AuditSource, in db: TenantConnection) async throws {
        let before = try await languages(in: db)
        let (name, plan, allowed) =
            try await db.first(
                "SELECT t.name, p.name, p.max_languages FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = \(db.tenantID)",
                as: (String, String, Int).self
            ) ?? ("", "", 0)
        guard tags.count <= allowed || tags.count <= before.all.count else {
            throw AppError.invalid("Languages: the \(plan) plan allows \(allowed.counted("language")). Remove one, or request a bigger plan.")
        }
        try await db.run("UPDATE tenants SET languages = \(tags), default_language = \(preferred), updated_at = now() WHERE id = \(db.tenantID)")
        let event = source.event(
            .languagesChanged,
            targetType: "tenant",
            targetID: db.tenantID,
            targetLabel: name,
            before: ["languages": before.all.joined(separator: ","), "default": before.default],
            after: ["languages": tags.joined(separator: ","), "default": preferred]
        )
        try await AuditLog().record(event, in: db)
        try await PlanLimitsRepository().clearOverLimitIfFixed(at: Date(), in: db)
    }
}

/// Every bank of the tenant (`$1`), by name: the question list sends it on every view (``FixedStatement``).
struct BanksStatement: FixedStatement {
    static let name = "banks"
    static let sql = "SELECT id, name, description FROM question_banks WHERE tenant_id = $1 ORDER BY name"
    let bindings: PostgresBindings
}

/// Every category of every bank of the tenant (`$1`), by bank and path.
struct CategoriesStatement: FixedStatement {
    static let name = "categories"
    static let sql = "SELECT id, bank_id, path FROM question_categories WHERE tenant_id = $1 ORDER BY bank_id, path"
    let bindings: PostgresBindings
}

/// The tenant's (`$1`) languages and its default.
struct LanguagesStatement: FixedStatement {
    static let name = "languages"
    static let sql = "SELECT languages, default_language FROM tenants WHERE id = $1"
    let bindings: PostgresBindings
}
