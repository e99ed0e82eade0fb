from datetime import date, datetime

from django.contrib import admin
from django.contrib.admin.utils import get_last_value_from_parameters
from django.db.models import Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from backoffice.actors import user_actor
from backoffice.cells import ROWS_PER_PAGE, PlainActionCheckbox
from backoffice.counting import CappedPaginator
from backoffice.models import Job, PartnerExchange, PartnerHealth
from backoffice.registry import partner_label
from backoffice.selectors import distinct_values, exchange_operations, exchanges_search, job_page_items
from backoffice.words import stored_words


def admin_link(viewname, pk, text):
    """A link to the admin page `viewname` of the row `pk`, or the bare text where that page does not exist."""
    try:
        return format_html('<a href="{}">{}</a>', reverse(viewname, args=[pk]), text)
    except NoReverseMatch:
        return text


class IndexedValuesFilter(admin.AllValuesFieldListFilter):
    """A filter by each value of a column (`list_filter = [("manufacturer", IndexedValuesFilter)]`) whose choices
    come from a loose scan of the column's index, one probe per value, instead of a DISTINCT over the table. The
    column needs an index; an empty value is no choice."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.lookup_kwarg = field_path
        self.lookup_kwarg_isnull = f"{field_path}__isnull"
        self.lookup_val = params.get(self.lookup_kwarg)
        self.lookup_val_isnull = get_last_value_from_parameters(params, self.lookup_kwarg_isnull)
        self.empty_value_display = model_admin.get_empty_value_display()
        self.lookup_choices = [value for value in distinct_values(model, field.name) if value != ""]
        admin.FieldListFilter.__init__(self, field, request, params, model, model_admin, field_path)


class PartnerValuesFilter(IndexedValuesFilter):
    """IndexedValuesFilter of a partner column: each choice in the partner's name ("InnoCigs"), not its key."""

    def choices(self, changelist):
        choices = super().choices(changelist)
        yield next(choices)  # "All"
        for value, choice in zip([v for v in self.lookup_choices if v is not None], choices, strict=False):
            yield {**choice, "display": partner_label(value)}
        yield from choices


class ReadOnly:
    """Rows the syncs and partners add and remove: never added or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(PlainActionCheckbox, ReadOnly, admin.ModelAdmin):
    """An audit trail or a partner's mirror is never edited by hand."""

    list_per_page = ROWS_PER_PAGE

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
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


class OperationFilter(admin.SimpleListFilter):
    title = gettext_lazy("operation")
    parameter_name = "operation__exact"

    def lookups(self, request, model_admin):
        return [(operation, operation) for operation in exchange_operations()]

    def queryset(self, request, queryset):
        return queryset.filter(operation=self.value()) if self.value() else queryset


class MonthFilter(admin.SimpleListFilter):
    """A month of the audit, newest first. Stands in for a date hierarchy, whose DISTINCT over every matching row
    costs seconds at a million exchanges; the range comes from two index lookups."""

    title = gettext_lazy("month")
    parameter_name = "month"
    shown = 24

    def lookups(self, request, model_admin):
        # Two subqueries, each the first row of the time index: SQLite reads a MIN and a MAX in one SELECT from
        # the whole table (a million rows), however indexed.
        times = PartnerExchange.objects.values("created_at")
        span = next(iter(PartnerExchange.objects.order_by().annotate(
            first=Subquery(times.order_by("created_at")[:1]), last=Subquery(times.order_by("-created_at")[:1]),
        ).values("first", "last")[:1]), None)
        if span is None:
            return []
        first, last = timezone.localtime(span["first"]).date(), timezone.localtime(span["last"]).date()
        months, year, month = [], last.year, last.month
        while (year, month) >= (first.year, first.month) and len(months) < self.shown:
            months.append((f"{year}-{month:02}", date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return months

    def queryset(self, request, queryset):
        try:
            year, month = (int(part) for part in (self.value() or "").split("-"))
            start = timezone.make_aware(datetime(year, month, 1))
        except ValueError:
            return queryset
        end = timezone.make_aware(datetime(year + month // 12, month % 12 + 1, 1))
        return queryset.filter(created_at__gte=start, created_at__lt=end)


@admin.register(PartnerExchange)
class PartnerExchangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "partner", "operation", "method", "status_display", "duration_ms",
                    "related_label", "triggered_by"]
    list_filter = ["partner", StatusFilter, OperationFilter, "created_at", MonthFilter]
    # What the search matches is exchanges_search's job (indexed at any size); these name it for the search box.
    search_fields = ["related_label", "triggered_by"]
    search_help_text = gettext_lazy("The start of what the exchange is about (e.g. an order number), or exactly who "
                                    "triggered it (e.g. user:alice).")
    show_full_result_count = False
    paginator = CappedPaginator
    sortable_by = ["created_at"]  # indexed; sorting a million exchanges by another column would read them all
    fields = ["created_at", "partner", "operation", "method", "url", "status_code", "duration_ms", "error",
              "related_label", "triggered_by", "request_body", "response_body"]

    def get_search_results(self, request, queryset, search_term):
        return exchanges_search(queryset, search_term), False

    @admin.display(description=gettext_lazy("status"), ordering="status_code")
    def status_display(self, obj):
        return gettext("no reply") if obj.status_code is None else obj.status_code


@admin.register(PartnerHealth)
class PartnerHealthAdmin(ReadOnlyAdmin):
    list_display = ["partner", "ok", "detail_in_words", "latency_ms", "checked_at"]

    @admin.display(description=gettext_lazy("detail"), ordering="detail")
    def detail_in_words(self, health):
        return stored_words(health.detail)


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Long admin actions on the queue: their progress and what happened to each item."""

    list_display = ["__str__", "status", "progress", "succeeded", "failed", "created_by", "created_at",
                    "finished_at"]
    list_filter = ["status", ("kind", IndexedValuesFilter)]
    search_fields = ["kind", "created_by"]
    show_full_result_count = False
    paginator = CappedPaginator
    change_form_template = "admin/backoffice/job/change_form.html"
    fields = ["kind"]  # the page draws its own layout
    refresh_seconds = 3

    @admin.display(description=gettext_lazy("progress"))
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
                           progress_max=max(obj.total, 1), progress_value=min(obj.done, obj.total),
                           **job_page_items(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)


import backoffice.queue_admin  # noqa: E402, F401 - django-q2's pages, with resubmitting and schedules guarded
