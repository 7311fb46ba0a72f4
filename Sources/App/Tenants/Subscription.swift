import Foundation

/// A tenant's subscription as the server reads it before sign-in: the plan's name, the state and its dates, and the
/// first plan limit the tenant is over. ``readOnlyReason(at:tenant:)`` decides read-only mode from these alone.
public struct Subscription: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case trialing, active
        case pastDue = "past_due"
        case suspended, canceled

        public var label: String {
            switch self {
            case .trialing: "Trial"
            case .active: "Active"
            case .pastDue: "Payment overdue"
            case .suspended: "Suspended"
            case .canceled: "Canceled"
            }
        }
    }

    public let plan: String
    public let state: State
    public let since: Date
    public let trialEndsAt: Date?
    public let graceEndsAt: Date?
    public let renewsAt: Date?
    /// The first limit the tenant is over, as a sentence (e.g. "12 staff seats are taken and the plan has 10").
    public let overLimit: String?
    public let overLimitSince: Date?

    public init(
        plan: String,
        state: State = .active,
        since: Date = Date(timeIntervalSince1970: 0),
        trialEndsAt: Date? = nil,
        graceEndsAt: Date? = nil,
        renewsAt: Date? = nil,
        overLimit: String? = nil,
        overLimitSince: Date? = nil
    ) {
        self.plan = plan
        self.state = state
        self.since = since
        self.trialEndsAt = trialEndsAt
        self.graceEndsAt = graceEndsAt
        self.renewsAt = renewsAt
        self.overLimit = overLimit
        self.overLimitSince = overLimitSince
    }

    /// Why the tenant is read-only at `now`, naming the plan and the date; nil while it may change things.
    public func readOnlyReason(at now: Date, tenant: String) -> String? {
        let day = UTCFormat.day
        let fixes = "Admins can still deactivate people, revoke invitations, archive questions and request a bigger plan."
        switch state {
        case .suspended:
            return "\(tenant) is read-only: its \(plan) subscription was suspended on \(day.string(from: since)). \(fixes)"
        case .canceled:
            return "\(tenant) is read-only: its \(plan) subscription was canceled on \(day.string(from: since)). Everything stays readable; "
                + "admins can request a plan to continue."
        case .trialing:
            if let end = trialEndsAt, now >= end {
                return "\(tenant) is read-only: the \(plan) trial ended on \(day.string(from: end)). Admins can request a plan to continue."
            }
        case .pastDue:
            if let end = graceEndsAt, now >= end {
                return "\(tenant) is read-only: payment for the \(plan) plan is overdue and the grace period ended on \(day.string(from: end)). "
                    + "Admins can request help from the plan page."
            }
        case .active:
            break
        }
        if let overLimit, let since = overLimitSince {
            return "\(tenant) is read-only since \(day.string(from: since)): on the \(plan) plan, \(overLimit). \(fixes)"
        }
        return nil
    }

    /// A reminder that is not yet read-only: a trial that ends, or a payment in its grace period.
    public func reminder(at now: Date) -> String? {
        let day = UTCFormat.day
        switch state {
        case .trialing:
            guard let end = trialEndsAt, now < end else { return nil }
            return "The \(plan) trial ends on \(day.string(from: end)). Request a plan from Plan and usage to keep changing things after that."
        case .pastDue:
            guard let end = graceEndsAt, now < end else { return nil }
            return "Payment for the \(plan) plan is overdue. Everything keeps working until \(day.string(from: end)); after that, read-only."
        default:
            return nil
        }
    }
}
