import Foundation

/// The question list's search, filters, sort and position, read from the query string and written back into links.
public struct QuestionFilter: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable {
        case updated, created

        public var label: String { self == .updated ? "Recently changed" : "Newest first" }
    }

    public var search: String?
    public var bankID: UUID?
    public var categoryID: UUID?
    public var difficulty: Difficulty?
    public var level: Level?
    public var tag: String?
    public var status: QuestionStatus?
    /// A language and a translation state, e.g. fr + needs review.
    public var translationLanguage: String?
    public var translationState: TranslationState?
    public var needsChecking = false
    public var sort: Sort = .updated
    /// Where the page starts: the last row of the previous page.
    public var after: Cursor?

    /// A keyset position: the sort column's value (as PostgreSQL prints it) and the id that breaks ties.
    public struct Cursor: Sendable, Equatable {
        public let key: String
        public let id: UUID

        /// `2026-11-24T10:00:00.123456Z_<uuid>`; anything else is no cursor.
        public init?(_ text: String) {
            let parts = text.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let id = UUID(uuidString: String(parts[1])), parts[0].count <= 40,
                parts[0].allSatisfy({ $0.isNumber || "-:.TZ".contains($0) })
            else { return nil }
            self.key = String(parts[0])
            self.id = id
        }

        public init(key: String, id: UUID) {
            self.key = key
            self.id = id
        }

        public var text: String { "\(key)_\(id.lowercasedString)" }
    }

    public init() {}

    /// Reads the filter from query parameters; values that are not valid are ignored, never echoed.
    public init(query: [String: String]) {
        func value(_ name: String) -> String? {
            query[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        search = value("q").map { String($0.prefix(200)) }
        bankID = value("bank").flatMap(UUID.init(uuidString:))
        categoryID = value("category").flatMap(UUID.init(uuidString:))
        difficulty = value("difficulty").flatMap(Difficulty.init(rawValue:))
        level = value("level").flatMap(Level.init(rawValue:))
        tag = value("tag").map { String($0.lowercased().prefix(QuestionContent.maxTagLength)) }
        status = value("status").flatMap(QuestionStatus.init(rawValue:))
        if let translation = value("translation") {
            let parts = translation.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, Languages.isValid(parts[0]), let state = TranslationState(rawValue: parts[1]) {
                translationLanguage = parts[0]
                translationState = state
            }
        }
        needsChecking = value("needs_checking") == "1"
        sort = value("sort").flatMap(Sort.init(rawValue:)) ?? .updated
        after = value("after").flatMap(Cursor.init)
    }

    /// The query parameters that reproduce this filter (without the position unless `withPosition`).
    public func queryItems(withPosition: Bool = false) -> [(String, String)] {
        var items: [(String, String)] = []
        if let search { items.append(("q", search)) }
        if let bankID { items.append(("bank", bankID.lowercasedString)) }
        if let categoryID { items.append(("category", categoryID.lowercasedString)) }
        if let difficulty { items.append(("difficulty", difficulty.rawValue)) }
        if let level { items.append(("level", level.rawValue)) }
        if let tag { items.append(("tag", tag)) }
        if let status { items.append(("status", status.rawValue)) }
        if let translationLanguage, let translationState { items.append(("translation", "\(translationLanguage):\(translationState.rawValue)")) }
        if needsChecking { items.append(("needs_checking", "1")) }
        if sort != .updated { items.append(("sort", sort.rawValue)) }
        if withPosition, let after { items.append(("after", after.text)) }
        return items
    }

    /// Whether anything narrows the list.
    public var isNarrowed: Bool { !queryItems().filter { $0.0 != "sort" }.isEmpty }
}

/// BCP 47 language tags as the tenant lists them.
public enum Languages {
    /// A primary subtag of 2–3 lowercase letters and optional subtags of 2–8 letters or digits: `en`, `pt-BR`, `zh-Hant`.
    public static func isValid(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}
