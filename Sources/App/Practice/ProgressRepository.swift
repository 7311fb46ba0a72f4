import Foundation
import NIOCore

/// A candidate's average in one category of questions.
public struct CategoryScore: Sendable, Equatable {
    public let category: String
    public let answers: Int
    public let average: Int
}

/// One line of the tenant's leaderboard: only candidates who opted in, staff never.
public struct LeaderRow: Sendable, Equatable {
    public let userID: UUID
    public let name: String
    public let showName: Bool
    public let interviews: Int
    public let average: Int
}

/// Where and how a person's progress is shown: their time zone and their leaderboard choices.
public struct ProgressPreferences: Sendable, Equatable {
    public var timeZone: String?
    public var leaderboardOptIn: Bool
    public var showName: Bool
}

/// Reads a candidate's progress from their interviews and answers. Nothing here is audited: it is the candidate's
/// own activity, kept out of the audit chain so candidates never queue on its lock.
public struct ProgressRepository: Sendable {
    public init() {}

    /// Every completed interview, oldest first: streaks, achievements and the trend chart are computed from these.
    public func completed(userID: UUID, in db: TenantConnection) async throws -> [CompletedInterview] {
        try await db.all(CompletedInterviewsStatement(bindings: .init(db.tenantID, userID)), as: (Date, Int, Int, Int).self).map {
            CompletedInterview(completedAt: $0.0, overall: $0.1, averageWords: $0.2, answers: $0.3)
        }
    }

    /// Scored answers grouped by the category their question sits in, weakest first.
    public func categories(userID: UUID, in db: TenantConnection) async throws -> [CategoryScore] {
        try await db.all(CategoryScoresStatement(bindings: .init(db.tenantID, userID)), as: (String, Int, Int).self).map {
            CategoryScore(category: $0.0, answers: $0.1, average: $0.2)
        }
    }

    /// The best averages since `since` among active candidates who chose to appear (the top ten,
    /// ``LeaderboardStatement/rows``); staff never appear.
    public func leaderboard(since: Date, in db: TenantConnection) async throws -> [LeaderRow] {
        try await db.all(LeaderboardStatement(bindings: .init(db.tenantID, since)), as: (UUID, String, Bool, Int, Int).self).map {
            LeaderRow(userID: $0.0, name: $0.1, showName: $0.2, interviews: $0.3, average: $0.4)
        }
    }

    public func preferences(userID: UUID, in db: TenantConnection) async throws -> ProgressPreferences {
        let row = try await db.first(ProgressPreferencesStatement(bindings: .init(db.tenantID, userID)), as: (String?, Bool, Bool).self)
        return ProgressPreferences(timeZone: row?.0, leaderboardOptIn: row?.1 ?? false, showName: row?.2 ?? false)
    }

    /// Saves a person's own choices. Not audited: they change only how their own progress is shown.
    public func save(_ preferences: ProgressPreferences, userID: UUID, in db: TenantConnection) async throws {
        try await db.run(
            """
            UPDATE users SET time_zone = \(preferences.timeZone), leaderboard_opt_in = \(preferences.leaderboardOptIn),
                   leaderboard_show_name = \(preferences.showName), updated_at = now()
             WHERE tenant_id = \(db.tenantID) AND id = \(userID)
            """
        )
    }

    /// A rendered report, when one was stored.
    public func report(_ interviewID: UUID, in db: TenantConnection) async throws -> [UInt8]? {
        try await db.first(
            "SELECT pdf FROM interview_reports WHERE tenant_id = \(db.tenantID) AND interview_id = \(interviewID)",
            as: ByteBuffer.self
        ).map { Array($0.readableBytesView) }
    }

    /// Keeps a rendered report with its interview; a second rendering of the same interview keeps the first.
    public func storeReport(_ pdf: [UInt8], interviewID: UUID, in db: TenantConnection) async throws {
        try await db.run(
            """
            INSERT INTO interview_reports (tenant_id, interview_id, pdf) VALUES (\(db.tenantID), \(interviewID), \(ByteBuffer(bytes: pdf)))
            ON CONFLICT (tenant_id, interview_id) DO NOTHING
            """
        )
    }
}
