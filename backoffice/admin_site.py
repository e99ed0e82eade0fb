from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from backoffice.actors import acting_as, user_actor
from backoffice.cells import EMPTY
from backoffice.dashboard import dashboard_context
from backoffice.words import stored_words


class BackofficeAdminSite(admin.AdminSite):
    site_header = _("Dropship back-office")
    site_title = _("Dropship back-office")
    index_title = _("Dashboard")
    empty_value_display = EMPTY  # the dash every hand-written cell shows, not Django's hyphen beside it

    def index(self, request, extra_context=None):
        return super().index(request, {**dashboard_context(request.user), **(extra_context or {})})

    def get_urls(self):
        return [
            path("check-partners/", self.admin_view(self.check_partners_view), name="check_partners"),
            path("run-schedule/<str:name>/", self.admin_view(self.run_schedule_view), name="run_schedule"),
            *super().get_urls(),
        ]

    @staticmethod
    @require_POST
    def check_partners_view(request):
        from backoffice.services import partners_check

        if not request.user.has_perm("backoffice.check_partners"):
            messages.error(request, gettext("You may not run the partner check."))
            return redirect("admin:index")
        with acting_as(user_actor(request.user)):
            results = partners_check()
        for r in results:
            if not r.configured:
                messages.warning(request, gettext("%(partner)s: not configured.") % {"partner": r.label})
            elif r.ok:
                messages.success(request, gettext("%(partner)s: OK, %(detail)s (%(ms)s ms)") % {
                    "partner": r.label, "detail": stored_words(r.detail), "ms": r.latency_ms})
            else:
                messages.error(request, gettext("%(partner)s: %(detail)s") % {
                    "partner": r.label, "detail": stored_words(r.detail)})
        return redirect("admin:index")

    @staticmethod
    @require_POST
    def run_schedule_view(request, name):
        from backoffice.schedule_runs import AlreadyRunning, schedule_run_start
        from backoffice.schedules import schedule_spec

        spec = schedule_spec(name)
        if spec is None:
            raise Http404(gettext("There is no such schedule."))
        if not request.user.has_perm(spec.permission):
            raise PermissionDenied
        try:
            job = schedule_run_start(spec=spec, actor=user_actor(request.user))
        except AlreadyRunning as running:
            messages.warning(request, format_html(
                gettext("{title} is already running as {job}: it was not started again. Follow it on its page."),
                title=spec.title, job=str(running.job)))
            return redirect("admin:backoffice_job_change", running.job.pk)
        return redirect("admin:backoffice_job_change", job.pk)
