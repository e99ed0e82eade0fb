"""MeinEinkauf orders and returns in the admin: read-only mirrors of MeinEinkauf's data, in staff words."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backoffice.actors import acting_as, user_actor
from backoffice.admin import ReadOnlyAdmin, ReadOnlyInline, admin_link
from backoffice.csv_export import Column, csv_export_action
from backoffice.errors import PartnerError
from backoffice.words import stored_words
from shipping.meineinkauf import states
from shipping.meineinkauf.models import (
    MeinEinkaufConsignment,
    MeinEinkaufOrder,
    MeinEinkaufReturn,
    MeinEinkaufReturnItem,
    MeinEinkaufReturnStateChange,
    MeinEinkaufStateChange,
)
from shipping.meineinkauf.returns import return_mark_handled
from shipping.meineinkauf.tracking import COUNTRY, order_refresh
from shipping.tracking import tracking_url

BR = mark_safe("<br>")  # noqa: S308 - a constant
MAX_REFRESH = 20  # orders refreshed at once from the list; the schedule syncs everything else
MAX_HANDLE = 100  # returns one confirmation page lists and posts back


def order_link(order):
    return "–" if order is None else admin_link("admin:orders_order_change", order.pk, order.number)


def state_html(words):
    if words.known:
        return format_html('<span title="{}">{}</span>', words.explanation, words.label)
    return format_html('<span title="{}">{} <code>(undocumented)</code></span>', words.explanation, words.label)


def tracking_html(carrier, number, url=""):
    if not number:
        return "–"
    url = url or tracking_url(carrier, number, country=COUNTRY)
    if url:
        return format_html('{} <a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', carrier, url, number)
    return f"{carrier} {number}".strip()


class StateFilter(admin.SimpleListFilter):
    """The documented states in their order, then any other state actually seen."""

    title = gettext_lazy("processing state")
    parameter_name = "state"
    known = {}
    words = staticmethod(states.order_state)

    def lookups(self, request, model_admin):
        seen = set(model_admin.model.objects.values_list("processing_state", flat=True).distinct())
        ordered = list(self.known) + sorted(seen - set(self.known) - {""})
        return [(value, self.words(value).label) for value in ordered]

    def queryset(self, request, queryset):
        return queryset.filter(processing_state=self.value()) if self.value() else queryset


class OrderStateFilter(StateFilter):
    known = states.ORDER_STATES
    words = staticmethod(states.order_state)


class ReturnStateFilter(StateFilter):
    known = states.RETURN_STATES
    words = staticmethod(states.return_state)


class ReasonFilter(admin.SimpleListFilter):
    title = gettext_lazy("return reason")
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        seen = set(MeinEinkaufReturnItem.objects.values_list("reason", flat=True).distinct())
        ordered = list(states.RETURN_REASONS) + sorted(seen - set(states.RETURN_REASONS) - {""})
        return [(value, states.return_reason(value)) for value in ordered]

    def queryset(self, request, queryset):
        return queryset.filter(items__reason=self.value()).distinct() if self.value() else queryset


class HandledFilter(admin.SimpleListFilter):
    title = gettext_lazy("handled by staff")
    parameter_name = "handled"

    def lookups(self, request, model_admin):
        return [("no", "To handle"), ("yes", "Handled")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(handled_at__isnull=self.value() == "no")
        return queryset


class StateHistoryInline(ReadOnlyInline):
    """A history of states, each in staff words with what it means."""

    fields = ["changed_at", "state_display", "meaning"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("state"))
    def state_display(self, obj):
        return state_html(obj.words)

    @admin.display(description=gettext_lazy("what it means"))
    def meaning(self, obj):
        return obj.words.explanation


class StateChangeInline(StateHistoryInline):
    model = MeinEinkaufStateChange
    verbose_name_plural = gettext_lazy("processing history")


class ConsignmentInline(ReadOnlyInline):
    model = MeinEinkaufConsignment
    fields = ["reference", "swiss_tracking", "files", "storage_display"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("shipment").prefetch_related("documents")

    @admin.display(description=gettext_lazy("Swiss tracking"))
    def swiss_tracking(self, obj):
        return tracking_html(obj.carrier, obj.tracking_number, obj.shipment.tracking_url if obj.shipment else "")

    @admin.display(description=gettext_lazy("files"))
    def files(self, obj):
        return format_html_join(BR, "{}: {}", ((d.get_kind_display(), d.name)
                                                                for d in obj.documents.all())) or "–"

    @admin.display(description=gettext_lazy("stored"))
    def storage_display(self, obj):
        if not obj.storage.get("cause"):
            return "–"
        solution = obj.storage.get("solution")
        return states.storage_words(obj.storage["cause"]) + (f" – {states.storage_words(solution)}" if solution
                                                              else "")


class MeinEinkaufAdmin(ReadOnlyAdmin):
    class Media:
        css = {"all": ["shipping/meineinkauf_admin.css", "backoffice/lists.css"]}


@admin.register(MeinEinkaufOrder)
class MeinEinkaufOrderAdmin(MeinEinkaufAdmin):
    list_display = ["order_number", "shop_order", "meineinkauf_id", "state_display", "state_changed_at",
                    "tracking", "synced_at"]
    list_filter = [OrderStateFilter, "state_changed_at"]
    search_fields = ["order_number", "order__number", "consignments__tracking_number"]
    list_select_related = ["order"]
    show_full_result_count = False
    fields = ["shop_order", "meineinkauf_id", "order_number", "external_id", "state_display", "meaning",
              "state_changed_at", "registered_at", "undocumented_fields", "synced_at"]
    readonly_fields = fields
    inlines = [StateChangeInline, ConsignmentInline]
    actions = ["refresh"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("consignments__shipment")

    @admin.display(description=gettext_lazy("shop order"), ordering="order__number")
    def shop_order(self, obj):
        return order_link(obj.order)

    @admin.display(description=gettext_lazy("processing state"), ordering="processing_state")
    def state_display(self, obj):
        return state_html(obj.state)

    @admin.display(description=gettext_lazy("what it means"))
    def meaning(self, obj):
        return obj.state.explanation

    @admin.display(description=gettext_lazy("Swiss tracking"))
    def tracking(self, obj):
        return format_html_join(BR, "{}", (
            (tracking_html(c.carrier, c.tracking_number, c.shipment.tracking_url if c.shipment else ""),)
            for c in obj.consignments.all() if c.tracking_number
        )) or "–"

    @admin.display(description=gettext_lazy("fields MeinEinkauf's doc does not describe"))
    def undocumented_fields(self, obj):
        return format_html_join(BR, "{}: <code>{}</code>", sorted(obj.extra.items())) or "–"

    def has_refresh_permission(self, request):
        return request.user.has_perm("orders.sync_tracking")

    @admin.action(description=gettext_lazy("Refresh from MeinEinkauf now"), permissions=["refresh"])
    def refresh(self, request, queryset):
        records = list(queryset.select_related("order")[: MAX_REFRESH + 1])
        if len(records) > MAX_REFRESH:
            too_many = _("Select at most %(count)s orders; the tracking schedule syncs the rest.") % {
                "count": MAX_REFRESH}
            self.message_user(request, too_many, messages.ERROR)
            return
        actor = user_actor(request.user)
        with acting_as(actor):
            for record in records:
                try:
                    self.message_user(request, stored_words(order_refresh(order=record.order, actor=actor)))
                except PartnerError as exc:
                    self.message_user(request, f"{record.order_number}: {stored_words(exc.message)}", messages.ERROR)
                    break


class ReturnItemInline(ReadOnlyInline):
    model = MeinEinkaufReturnItem
    fields = ["reference", "article_number", "article_name", "reason_display", "state_display"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("items")

    @admin.display(description=gettext_lazy("reason"))
    def reason_display(self, obj):
        return obj.reason_words

    @admin.display(description=gettext_lazy("state"))
    def state_display(self, obj):
        return obj.state_words


class ReturnStateChangeInline(StateHistoryInline):
    model = MeinEinkaufReturnStateChange
    verbose_name_plural = gettext_lazy("state history")


@admin.register(MeinEinkaufReturn)
class MeinEinkaufReturnAdmin(MeinEinkaufAdmin):
    list_display = ["reference", "shop_order", "state_display", "items_display", "transfer_date", "tracking",
                    "handled"]
    list_filter = [ReturnStateFilter, ReasonFilter, HandledFilter, "transfer_date"]
    search_fields = ["reference", "order_number", "order__number", "tracking_number", "items__article_number"]
    list_select_related = ["order"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["reference", "meineinkauf_id", "shop_order", "order_number", "state_display", "meaning",
                           "state_changed_at", "registered_at"]}),
        (gettext_lazy("Tour back to Germany"), {"fields": ["tour_id", "transfer_date", "mrn_de", "mrn_ch"]}),
        (gettext_lazy("Tracking"), {"fields": ["tracking", "label_display"]}),
        (gettext_lazy("Handling"), {"fields": ["handled_at", "handled_by", "handled_note"]}),
        (gettext_lazy("As MeinEinkauf sent it"), {"fields": ["undocumented_fields", "synced_at"]}),
    ]
    readonly_fields = ["reference", "meineinkauf_id", "shop_order", "order_number", "state_display", "meaning",
                       "state_changed_at", "registered_at", "tour_id", "transfer_date", "mrn_de", "mrn_ch",
                       "tracking", "label_display", "handled_at", "handled_by", "handled_note", "undocumented_fields",
                       "synced_at"]
    inlines = [ReturnItemInline, ReturnStateChangeInline]
    actions = ["mark_handled", "export_csv"]
    export_csv = csv_export_action([
        Column(gettext_lazy("Return reference"), lambda r: r.reference),
        Column(gettext_lazy("Order number"), lambda r: r.order.number if r.order else r.order_number),
        Column(gettext_lazy("State"), lambda r: r.state.label),
        Column(gettext_lazy("Items"), lambda r: ", ".join(
            f"{item.article_number or item.article_name} ({item.reason_words})" for item in r.items.all())),
        Column(gettext_lazy("Transfer date"), lambda r: r.transfer_date),
        Column(gettext_lazy("Carrier"), lambda r: r.carrier),
        Column(gettext_lazy("Tracking number"), lambda r: r.tracking_number),
        Column(gettext_lazy("Handled"), lambda r: r.handled_at),
        Column(gettext_lazy("Handled by"), lambda r: r.handled_by),
    ], name="returns")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")

    @admin.display(description=gettext_lazy("order"), ordering="order__number")
    def shop_order(self, obj):
        return order_link(obj.order) if obj.order else f"{obj.order_number} (not in the shop)"

    @admin.display(description=gettext_lazy("state"), ordering="processing_state")
    def state_display(self, obj):
        return state_html(obj.state)

    @admin.display(description=gettext_lazy("what it means"))
    def meaning(self, obj):
        return obj.state.explanation

    @admin.display(description=gettext_lazy("items"))
    def items_display(self, obj):
        return format_html_join(BR, "{} – {}, {}", (
            (item.article_number or item.article_name, item.reason_words, item.state_words.lower())
            for item in obj.items.all()
        )) or "–"

    @admin.display(description=gettext_lazy("tracking"))
    def tracking(self, obj):
        return tracking_html(obj.carrier, obj.tracking_number)

    @admin.display(description=gettext_lazy("return label"))
    def label_display(self, obj):
        return obj.label.get("name") or "–"

    @admin.display(description=gettext_lazy("handled"), boolean=True, ordering="handled_at")
    def handled(self, obj):
        return obj.handled_at is not None

    @admin.display(description=gettext_lazy("fields MeinEinkauf's doc does not describe"))
    def undocumented_fields(self, obj):
        return format_html_join(BR, "{}: <code>{}</code>", sorted(obj.extra.items())) or "–"

    def has_handle_permission(self, request):
        return request.user.has_perm("meineinkauf.handle_meineinkaufreturn")

    @admin.action(description=gettext_lazy("Mark as handled (refund and goods settled)"), permissions=["handle"],
                  location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM])
    def mark_handled(self, request, queryset):
        """A confirmation page first (Django's intermediate-page pattern): staff write how they settled it."""
        returns = list(queryset.select_related("order").order_by("pk")[:MAX_HANDLE])
        waiting = [r for r in returns if r.handled_at is None]
        note = (request.POST.get("note") or "").strip()
        came_from_page = request.POST.get("from_page") or (
            str(returns[0].pk) if f"{admin.ActionLocation.CHANGE_FORM.value}-action" in request.POST else "")
        if request.POST.get("post") == "yes" and note:
            actor = user_actor(request.user)
            marked = sum(return_mark_handled(meineinkauf_return=r, actor=actor, note=note) for r in waiting)
            self.message_user(request, ngettext(
                "%(count)s return marked as handled; its order is now returned.",
                "%(count)s returns marked as handled; their orders are now returned.", marked) % {"count": marked},
                messages.SUCCESS)
            if came_from_page:
                return HttpResponseRedirect(reverse("admin:meineinkauf_meineinkaufreturn_change",
                                                    args=[came_from_page]))
            return None
        context = {
            **self.admin_site.each_context(request), "title": _("Mark returns as handled"), "opts": self.opts,
            "returns": returns, "waiting": waiting, "already": [r for r in returns if r.handled_at is not None],
            "more": queryset.count() > MAX_HANDLE, "limit": MAX_HANDLE, "note": note, "from_page": came_from_page,
            "missing_note": request.POST.get("post") == "yes", "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meineinkauf/meineinkaufreturn/mark_handled.html", context)
