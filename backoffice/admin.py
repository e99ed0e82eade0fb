from django.contrib import admin

from backoffice.models import PartnerExchange, PartnerHealth


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
