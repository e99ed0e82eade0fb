from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from backoffice.actors import acting_as, user_actor
from backoffice.dashboard import dashboard_context


class BackofficeAdminSite(admin.AdminSite):
    site_header = _("Dropship back-office")
    site_title = _("Dropship back-office")
    index_title = _("Dashboard")

    def index(self, request, extra_context=None):
        return super().index(request, {**dashboard_context(), **(extra_context or {})})

    def get_urls(self):
        return [
            path("check-partners/", self.admin_view(self.check_partners_view), name="check_partners"),
            *super().get_urls(),
        ]

    @staticmethod
    @require_POST
    def check_partners_view(request):
        from backoffice.services import partners_check

        if not request.user.has_perm("backoffice.check_partners"):
            messages.error(request, "You may not run the partner check.")
            return redirect("admin:index")
        with acting_as(user_actor(request.user)):
            results = partners_check()
        for r in results:
            if not r.configured:
                messages.warning(request, f"{r.label}: not configured.")
            elif r.ok:
                messages.success(request, f"{r.label}: OK, {r.detail} ({r.latency_ms} ms)")
            else:
                messages.error(request, f"{r.label}: {r.detail}")
        return redirect("admin:index")
