import Foundation
import Hummingbird

/// Every signed-in route, grouped by the permission it needs: the authorisation table, read in one place.
///
/// ``RequirePermission`` checks the permission before any handler runs, so a refusal is a 403 (audited) and
/// never a detour through step-up. A change is refused while the tenant is read-only unless it says
/// `whileReadOnly: true` (the fixes: removing people, revoking invitations, archiving, languages, account
/// security, requesting a plan); a person's own account always stays open. `RoleRouteTests` walks this table
/// against ``Role/permissions`` for every role.
func addSignedInRoutes(_ services: AppServices, to routes: PermittedRoutes) {
    let home = HomeController(services: services)
    let account = AccountController(services: services)
    let twoFactor = TwoFactorController(services: services)
    let sessions = SessionsController(services: services)
    let practice = PracticeController(services: services)

    // Everyone may ask for the tenant's start page; it sends admin-portal roles on to theirs.
    let preferences = PreferencesController(services: services)
    routes.require(.ownAccount)
        .get("", use: home.candidateHome)
        .get("account/preferences", use: preferences.show)
        .post("account/preferences", use: preferences.save)
        .get("account/security", use: account.overview)
        .get("account/password", use: account.showPassword)
        .post("account/password", use: account.changePassword)
        .get("account/confirm", use: account.showConfirm)
        .post("account/confirm", use: account.confirm)
        .get("account/2fa", use: twoFactor.showSetup)
        .post("account/2fa", use: twoFactor.activate)
        .post("account/2fa/disable", use: twoFactor.disable)
        .post("account/2fa/recovery-codes", use: twoFactor.regenerate)
        .get("account/sessions", use: sessions.mine)
        .post("account/sessions/end-others", use: sessions.endOthers)
        .post("account/sessions/:id/end", use: sessions.endMine)

    routes.require(.practise)
        .post("practice/start/:id", use: practice.start)
        .get("practice/history", use: practice.history)
        .get("practice/:id/report", use: practice.report)
        .get("practice/:id/report.pdf", use: practice.pdf)
        .get("practice/:id", use: practice.show)
        .post("practice/:id/answer", use: practice.answer)
        .post("practice/:id/abandon", use: practice.abandon)

    routes.require(.adminPortal)
        .get("admin", use: home.adminHome)

    let audit = AuditController(services: services)
    routes.require(.readAudit)
        .get("admin/audit", use: audit.list)
        .get("admin/audit/export", use: audit.export)
        .post("admin/audit/verify", whileReadOnly: true, use: audit.verify)
        .get("admin/audit/:id", use: audit.detail)

    addPeopleRoutes(services, sessions: sessions, to: routes.require(.managePeople))
    addQuestionRoutes(services, to: routes)

    let templates = TemplatesController(services: services)
    let template = TemplateDetailController(services: services)
    routes.require(.manageTemplates)
        .get("admin/templates", use: templates.list)
        .post("admin/templates/new", use: templates.create)
        .get("admin/templates/:id", use: template.show)
        .post("admin/templates/:id/archive", use: templates.archive)
        .post("admin/templates/:id/assign", use: template.assign)
        .post("admin/templates/:id/unassign", use: template.unassign)
        .post("admin/templates/:id/audience", use: template.audience)
}

/// What ``Permission/managePeople`` opens: people, invitations, sessions, settings, security policy, plan, languages.
private func addPeopleRoutes(_ services: AppServices, sessions: SessionsController, to routes: PermittedRoutes.Group) {
    let people = PeopleController(services: services)
    let invitations = InvitationsController(services: services)
    let permissions = PermissionsController(services: services)
    let settings = SettingsController(services: services)
    let security = SecurityPolicyController(services: services)
    let plan = PlanController(services: services)
    routes
        .get("admin/people", use: people.list)
        .post("admin/people/:id/unlock", whileReadOnly: true, use: people.unlock)
        .post("admin/people/:id/reset-2fa", whileReadOnly: true, use: people.resetTwoFactor)
        .post("admin/people/:id/deactivate", whileReadOnly: true, use: people.deactivate)
        .post("admin/people/:id/reactivate", use: people.reactivate)
        .post("admin/people/:id/role", use: people.changeRole)
        .get("admin/people/:id/erase", use: people.confirmErase)
        .post("admin/people/:id/erase", whileReadOnly: true, use: people.erase)
        .get("admin/people/:id/progress", use: CandidateProgressController(services: services).show)
        .get("admin/people/invite", use: invitations.form)
        .post("admin/people/invite", use: invitations.invite)
        .post("admin/invitations/:id/resend", use: invitations.resend)
        .post("admin/invitations/:id/revoke", whileReadOnly: true, use: invitations.revoke)
        .get("admin/people/permissions", use: permissions.show)
        .get("admin/people/seats", use: permissions.seats)
        .get("admin/sessions", use: sessions.all)
        .post("admin/sessions/:id/end", whileReadOnly: true, use: sessions.endAny)
        .get("admin/settings", use: settings.show)
        .post("admin/settings", use: settings.save)
        .get("admin/security", use: security.show)
        .post("admin/security", whileReadOnly: true, use: security.update)
        .get("admin/plan", use: plan.show)
        .post("admin/plan/upgrade-request", whileReadOnly: true, use: plan.requestUpgrade)
        .post("admin/translations/languages", whileReadOnly: true, use: LanguagesController(services: services).update)
}

/// The question bank: reading, editing, publishing and translating are separate permissions.
private func addQuestionRoutes(_ services: AppServices, to routes: PermittedRoutes) {
    let questions = QuestionsController(services: services)
    let banks = BanksController(services: services)
    let transfer = TransferController(services: services)
    let translations = TranslationsController(services: services)
    routes.require(.readQuestions)
        .get("admin/questions", use: questions.list)
        .get("admin/questions/export", use: transfer.export)
        .get("admin/questions/:id", use: questions.show)
        .get("admin/questions/:id/history", use: questions.history)
        .get("admin/questions/:id/diff", use: questions.diff)
        .get("admin/banks", use: banks.list)
    routes.require(.editQuestions)
        .get("admin/questions/new", use: questions.new)
        .post("admin/questions/new", use: questions.create)
        .get("admin/questions/:id/edit", use: questions.edit)
        .post("admin/questions/:id/edit", use: questions.save)
        .post("admin/questions/:id/revert", use: questions.revert)
        .post("admin/banks", use: banks.createBank)
        .post("admin/banks/:id/categories", use: banks.createCategory)
        .get("admin/questions/import", use: transfer.form)
        .post("admin/questions/import", use: transfer.dryRun)
        .post("admin/questions/import/:id/apply", use: transfer.apply)
    routes.require(.publishQuestions)
        .get("admin/questions/:id/publish", use: questions.confirmPublish)
        .post("admin/questions/:id/publish", use: questions.publish)
        .post("admin/questions/:id/archive", whileReadOnly: true, use: questions.archive)
        .post("admin/questions/:id/restore", use: questions.restore)
        .post("admin/questions/bulk", use: questions.reviewBulk)
        .post("admin/questions/bulk/apply", use: questions.applyBulk)
    routes.require(.translate)
        .get("admin/translations", use: translations.coverage)
        .get("admin/questions/:id/translations/:language", use: translations.edit)
        .post("admin/questions/:id/translations/:language", use: translations.save)
}
