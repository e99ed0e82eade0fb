from django.contrib import admin
from django.utils.html import format_html

from backoffice.actors import user_actor
from backoffice.models import Job, PartnerExchange, PartnerHealth


class ReadOnlyAdmin(admin.ModelAdmin):
    """An audit trail is never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("ok", "2xx/3xx"), ("client", "4xx"), ("server", "5xx"), ("none", "no reply")]

    def queryset(self, request, queryset):
        ranges = {"ok": (100, 399), "client": (400, 499), "server": (500, 599)}
        if self.value() in ranges:
            return queryset.filter(status_code__range=ranges[self.value()])
        if self.value() == "none":
            return queryset.filter(status_code__isnull=True)
        return queryset


@admin.register(PartnerExchange)
class PartnerExchangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "partner", "operation", "method", "status_display", "duration_ms",
                    "related_label", "triggered_by"]
    list_filter = ["partner", StatusFilter, "operation", "created_at"]
    search_fields = ["related_label", "operation", "triggered_by"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    list_select_related = ["content_type"]
    fields = ["created_at", "partner", "operation", "method", "url", "status_code", "duration_ms", "error",
              "related_label", "triggered_by", "request_body", "response_body"]

    @admin.display(description="status", ordering="status_code")
    def status_display(self, obj):
        return "no reply" if obj.status_code is None else obj.status_code


@admin.register(PartnerHealth)
class PartnerHealthAdmin(ReadOnlyAdmin):
    list_display = ["partner", "ok", "detail", "latency_ms", "checked_at"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Long admin actions on the queue: their progress and what happened to each item."""

    list_display = ["__str__", "status", "progress", "succeeded", "failed", "created_by", "created_at",
                    "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "created_by"]
    show_full_result_count = False
    change_form_template = "admin/backoffice/job/change_form.html"
    fields = ["kind"]  # the page draws its own layout
    refresh_seconds = 3

    @admin.display(description="progress")
    def progress(self, job):
        return format_html('<progress max="{}" value="{}">{}%</progress> {}/{}', max(job.total, 1),
                           min(job.done, job.total), min(job.percent, 100), job.done, job.total)

    def has_view_permission(self, request, obj=None):
        # Whoever started a job may follow it, even without the right to see everyone's jobs.
        own = obj is not None and obj.created_by == user_actor(request.user)
        return own or super().has_view_permission(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(refresh_seconds=self.refresh_seconds, percent=min(obj.percent, 100),
                           progress_max=max(obj.total, 1), progress_value=min(obj.done, obj.total))
        return super().render_change_form(request, context, add, change, form_url, obj)
