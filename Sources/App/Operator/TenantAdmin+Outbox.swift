import Foundation

extension TenantAdmin {
    /// The outbox of one tenant (or of every tenant), newest first, bodies unsealed with `box`: what `tenantctl
    /// outbox` prints when no mail command sends messages, so the operator can pass them on.
    public func outbox(slug: String?, unsentOnly: Bool, box: SecretBox) async throws -> [(slug: String, message: OutboxMessage)] {
        var slugs = slug.map { [$0] } ?? []
        if slug == nil { slugs = try await operatorRows("SELECT slug FROM tenants ORDER BY slug", as: String.self) }
        let outbox = Outbox(box: box, sendmail: nil)
        var found: [(String, OutboxMessage)] = []
        for slug in slugs {
            let messages = try await withTenant(slug) { db, _ in try await outbox.messages(unsentOnly: unsentOnly, in: db) }
            found += messages.map { (slug, $0) }
        }
        return found
    }
}
