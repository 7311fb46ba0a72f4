import Foundation

extension TenantAdmin {
    /// What `tenantctl bank import` did: the plan row by row, and whether it was applied.
    public struct BankImport: Sendable {
        public let bank: String
        public let format: TransferFormat
        public let plan: ImportPlan
        public let applied: Bool
    }

    /// Plans importing `data` into a bank of the tenant and, unless `dryRun`, applies that plan in one transaction
    /// with its audit event, through the same importer as the import page. `progress` hears each applied row.
    public func importQuestions(
        slug: String,
        bank name: String?,
        data: Data,
        filename: String,
        format: TransferFormat?,
        dryRun: Bool,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> BankImport {
        let format = format ?? TransferFormat.guess(filename, Array(data.prefix(64)))
        let importer = QuestionImporter(editor: QuestionEditor(author: Author(operator: actor), source: source))
        return try await withTenant(slug) { db, _ in
            let bank = try await self.bank(named: name, in: db)
            let plan: ImportPlan
            do {
                plan = try await importer.plan(data, format: format, bankID: bank.id, in: db)
            } catch let failure as TransferFailure {
                throw OperatorError.invalid("\(filename) could not be read, so nothing was imported. \(failure.message)")
            }
            if !dryRun {
                _ = try await importer.applyRecorded(plan, bankID: bank.id, format: format, filename: filename, in: db, progress: progress)
            }
            return BankImport(bank: bank.name, format: format, plan: plan, applied: !dryRun)
        }
    }

    /// Every question of a bank (or of the tenant's only bank) in `format`, as the export link on the list writes it.
    public func exportQuestions(slug: String, bank name: String?, format: TransferFormat) async throws -> (count: Int, data: Data) {
        let importer = QuestionImporter(editor: QuestionEditor(author: Author(operator: actor), source: source))
        return try await withTenant(slug) { db, _ in
            var filter = QuestionFilter()
            filter.bankID = try await self.bank(named: name, in: db).id
            let questions = try await importer.export(filter, in: db)
            return (questions.count, format.export(questions))
        }
    }

    /// The bank called `name`, or the tenant's only bank when no name is given; otherwise an error naming the banks.
    private func bank(named name: String?, in db: TenantConnection) async throws -> QuestionBank {
        let banks = try await BankRepository().banks(in: db)
        let names = banks.map { "'\($0.name)'" }.joined(separator: ", ")
        if let name {
            guard let bank = banks.first(where: { $0.name == name }) else {
                throw OperatorError.invalid(
                    banks.isEmpty ? "this tenant has no question bank yet" : "no bank is called '\(name)'; the banks are \(names)"
                )
            }
            return bank
        }
        guard banks.count == 1, let only = banks.first else {
            throw OperatorError.invalid(banks.isEmpty ? "this tenant has no question bank yet" : "choose a bank with --bank; the banks are \(names)")
        }
        return only
    }
}
