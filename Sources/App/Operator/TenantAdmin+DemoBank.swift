import Foundation

extension TenantAdmin {
    /// `acme-translations.json`: translated fields of some demo questions, by external key and language.
    struct DemoTranslations: Decodable {
        struct Entry: Decodable {
            let externalKey: String
            let language: String
            let prompt: String
            let hint: String
            let sampleAnswer: String
            let followUps: [String]
        }
        let translations: [Entry]
    }

    /// Questions the demo leaves as drafts, and one it archives, so every state shows on the list.
    static let demoDrafts: Set<String> = ["acme-hr-006", "acme-ds-007"]
    static let demoArchived = "acme-hr-005"
    /// Translations the demo leaves as drafts rather than reviewed.
    static let demoDraftTranslations: Set<String> = ["acme-hr-002/fr", "acme-js-002/de"]

    /// Gives a tenant with no bank yet the demo bank the way its people would build it: version 1 of every question
    /// imported, most published, German and French translations, then a revision file imported and published, so that
    /// some translations need review. Everything goes through the server's importer and editor, with audit events.
    func seedDemoBank(from folder: URL, slug: String) async throws {
        let first = try Data(contentsOf: folder.appendingPathComponent("acme-questions.json"))
        let revisions = try Data(contentsOf: folder.appendingPathComponent("acme-questions-v2.json"))
        let translations = try JSONDecoder().decode(
            DemoTranslations.self,
            from: Data(contentsOf: folder.appendingPathComponent("acme-translations.json"))
        )
        let banks = BankRepository()
        let editor = QuestionEditor(author: Author(operator: "Acme content team"), source: source)
        try await withTenant(slug) { db, _ in
            guard try await banks.banks(in: db).isEmpty else { return }
            try await banks.setLanguages(["en", "de", "fr"], default: "en", source: source, in: db)
            let description = "Interview questions for engineering, data and people roles at Acme."
            let name = "Acme interview bank"
            guard let bank = try await banks.createBank(name: name, description: description, source: source, in: db) else { return }
            let imported = try await importAll(first, name: "acme-questions.json", bank: bank.id, editor: editor, in: db)
            for key in imported where !Self.demoDrafts.contains(key) {
                try await publish(key, bank: bank.id, editor: editor, in: db)
            }
            try await translate(translations.translations, bank: bank.id, editor: editor, in: db)
            for key in try await importAll(revisions, name: "acme-questions-v2.json", bank: bank.id, editor: editor, in: db) {
                try await publish(key, bank: bank.id, editor: editor, in: db)
            }
            if let question = try await demoQuestion(Self.demoArchived, bank: bank.id, in: db) {
                try await editor.archive(question, in: db)
            }
        }
    }

    /// Imports a JSON file into the bank (creating its categories first) and returns the external keys it touched.
    private func importAll(_ data: Data, name: String, bank: UUID, editor: QuestionEditor, in db: TenantConnection) async throws -> [String] {
        let parsed = try TransferFormat.json.parse(data, defaultLanguage: "en")
        for path in Set(parsed.questions.map(\.category)) where !path.isEmpty {
            _ = try await BankRepository().ensureCategory(bankID: bank, path: path, in: db)
        }
        let importer = QuestionImporter(editor: editor)
        let plan = try await importer.plan(data, format: .json, bankID: bank, in: db)
        let counts = try await importer.applyRecorded(plan, bankID: bank, format: .json, filename: name, in: db)
        guard counts.reject == 0 else { throw OperatorError.invalid("\(name): \(counts.reject) questions were rejected") }
        return parsed.questions.compactMap(\.externalKey)
    }

    private func publish(_ key: String, bank: UUID, editor: QuestionEditor, in db: TenantConnection) async throws {
        guard let question = try await demoQuestion(key, bank: bank, in: db) else { return }
        _ = try await editor.publish(question, in: db)
    }

    private func translate(_ entries: [DemoTranslations.Entry], bank: UUID, editor: QuestionEditor, in db: TenantConnection) async throws {
        for entry in entries {
            guard let question = try await demoQuestion(entry.externalKey, bank: bank, in: db) else {
                throw OperatorError.invalid("acme-translations.json: no question has the key \(entry.externalKey)")
            }
            let values: [TranslatableField: String] = [
                .prompt: entry.prompt, .hint: entry.hint, .sampleAnswer: entry.sampleAnswer, .followUps: entry.followUps.joined(separator: "\n"),
            ]
            let reviewed = !Self.demoDraftTranslations.contains("\(entry.externalKey)/\(entry.language)")
            if case .problems(let problems) = try await editor.translate(
                question,
                language: entry.language,
                values: values,
                reviewed: reviewed,
                in: db
            ) {
                throw OperatorError.invalid("acme-translations.json, \(entry.externalKey): \(problems.joined(separator: " "))")
            }
        }
    }

    /// The demo question with external key `key` in the bank, locked for a change.
    private func demoQuestion(_ key: String, bank: UUID, in db: TenantConnection) async throws -> Question? {
        let questions = QuestionRepository()
        guard let id = try await questions.id(externalKey: key, bankID: bank, in: db) else { return nil }
        return try await questions.find(id: id, lock: true, in: db)
    }
}
