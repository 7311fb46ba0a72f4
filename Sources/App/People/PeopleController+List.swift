import Foundation
import Hummingbird

extension PeopleController {
    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let filter = PeopleFilter(query: request.formQuery)
        let tenantID = context.tenant.id
        let now = self.now()
        let (listed, seats, open) = try await database.withTenant(tenantID, logger: context.logger) { db in
            (
                try await people.page(filter, limit: Self.pageSize, now: now, in: db),
                try await SeatRepository().usage(at: now, lock: false, in: db), try await InvitationRepository().open(in: db)
            )
        }
        let page = listed.page
        let slug = context.tenant.slug
        let mayGiveOwner = context.user.role == .owner
        let model = PeoplePage(
            chrome: Chrome(title: "People", context: context, section: "people"),
            seats: seats.summary,
            seatWarning: seats.warning,
            seatsHref: TenantPage.seats.href(slug),
            inviteHref: TenantPage.invite.href(slug),
            permissionsHref: TenantPage.permissions.href(slug),
            settingsHref: TenantPage.settings.href(slug),
            planHref: TenantPage.plan.href(slug),
            invitations: open.map { invitation in
                InvitationView(
                    email: invitation.email,
                    role: invitation.role.label,
                    invitedBy: invitation.invitedBy,
                    expires: UTCFormat.day.string(from: invitation.expiresAt),
                    expired: invitation.expiresAt <= now,
                    resendAction: TenantPage.invitationAction(invitation.id, .resend).href(slug),
                    revokeAction: TenantPage.invitationAction(invitation.id, .revoke).href(slug)
                )
            },
            hasInvitations: !open.isEmpty,
            rows: page.rows.map { row in
                let locked = (row.lockedUntil ?? .distantPast) > now
                let actionable = !row.erased && row.user.id != context.user.id && (context.user.role == .owner || row.user.role != .owner)
                return PersonView(
                    name: row.user.name,
                    email: row.user.email,
                    role: row.user.role.label,
                    status: row.erased ? "personal data deleted" : row.user.status.rawValue,
                    active: row.user.status == .active,
                    twoFactor: row.user.totpEnabled ? "On" : "Off",
                    lastSignIn: row.lastSignIn.map { UTCFormat.day.string(from: $0) } ?? "never",
                    locked: locked,
                    lockedUntil: row.lockedUntil.map { UTCFormat.time.string(from: $0) + " UTC" } ?? "",
                    canAct: actionable,
                    canReset: actionable && row.user.totpEnabled,
                    erased: row.erased,
                    eraseHref: actionable && row.user.role == .candidate ? TenantPage.personAction(row.user.id, .erase).href(slug) : nil,
                    progressHref: row.user.role == .candidate && !row.erased ? TenantPage.candidateProgress(row.user.id).href(slug) : nil,
                    unlockAction: TenantPage.personAction(row.user.id, .unlock).href(slug),
                    resetAction: TenantPage.personAction(row.user.id, .reset2FA).href(slug),
                    deactivateAction: TenantPage.personAction(row.user.id, .deactivate).href(slug),
                    reactivateAction: TenantPage.personAction(row.user.id, .reactivate).href(slug),
                    roleAction: TenantPage.personAction(row.user.id, .role).href(slug),
                    roleOptions: Role.allCases.filter { $0 != .owner || mayGiveOwner }.map {
                        Option(value: $0.rawValue, label: $0.label, selected: $0 == row.user.role)
                    },
                    historyHref: TenantPage.audit.href(slug, query: [("target_type", "user"), ("target", row.user.id.uuidString)])
                )
            },
            hasRows: !page.rows.isEmpty,
            nextHref: page.hasMore
                ? page.rows.last.map { last in
                    var next = filter
                    next.after = (last.cursor, last.user.id)
                    return TenantPage.people.href(slug, query: next.queryItems(withPosition: true))
                } : nil,
            firstHref: filter.after == nil ? nil : TenantPage.people.href(slug, query: filter.queryItems()),
            total: "\(listed.total.counted("person", plural: "people"))\(filter.isNarrowed ? " match the filter" : "")",
            search: filter.search ?? "",
            roles: Role.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.role) },
            statuses: [UserStatus.active, .deactivated].map {
                Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == filter.status)
            },
            twoFactorOptions: [("on", "On", true), ("off", "Off", false)].map {
                Option(value: $0.0, label: $0.1, selected: filter.twoFactor == $0.2)
            },
            activities: PeopleFilter.Activity.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.activity) },
            sorts: PeopleFilter.Sort.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.sort) },
            narrowed: filter.isNarrowed,
            clearHref: TenantPage.people.href(slug),
            notice: request.notice(.unlocked, .reset, .deactivated, .reactivated, .invitationRevoked, .roleChanged, .erased)?.message,
            csrfToken: context.csrfToken
        )
        return try views.render(model)
    }
}
