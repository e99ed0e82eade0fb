"""Read-only admin of InnoCigs standard orders (restocks) and delivery notes (placed and synced by commands and
schedules)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy

from backoffice.admin import ReadOnlyAdmin, ReadOnlyInline
from backoffice.words import stored_words
from orders.models import Submission
from suppliers.innocigs.models import DeliveryNote, DeliveryNoteItem, Restock


class DeliveredItemInline(ReadOnlyInline):
    model = DeliveryNoteItem
    fk_name = "restock"
    verbose_name_plural = gettext_lazy("delivered")
    fields = ["delivery_note", "sku", "quantity"]
    readonly_fields = fields


def _parcel_links(parcels):
    return format_html_join(
        ", ", '<a href="{}" rel="noopener" target="_blank">{} {}</a>',
        ((p.get("url") or "#", p.get("carrier", ""), p.get("code", "")) for p in parcels),
    ) or "–"


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Submission.State.choices

    def queryset(self, request, queryset):
        return queryset.filter(order__submission_state=self.value()) if self.value() else queryset


@admin.register(Restock)
class RestockAdmin(ReadOnlyAdmin):
    """The standard orders (restocks): each is an order sent through the one lifecycle, whose page shows its
    history and submissions; this list keeps what only a restock has beside its state."""

    list_display = ["number", "state_display", "carrier_display", "orders_id", "created_by", "created_at"]
    list_filter = [StateFilter, "carrier", "created_at"]
    list_select_related = ["order"]
    search_fields = ["order__number", "order__partner_reference", "order__lines__sku"]
    show_full_result_count = False
    fields = ["order_link", "state_display", "carrier_display", "test_mode", "orders_id", "message",
              "errors_display", "lines_display", "created_by", "created_at"]
    readonly_fields = fields
    inlines = [DeliveredItemInline]

    @admin.display(description=gettext_lazy("number"), ordering="order__number")
    def number(self, obj):
        return obj.order.number

    @admin.display(description=gettext_lazy("order"))
    def order_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:orders_order_change", args=[obj.order_id]),
                           obj.order.number)

    @admin.display(description=gettext_lazy("state"), ordering="order__submission_state")
    def state_display(self, obj):
        state = obj.order.submission_state
        return Submission.State(state).label if state in Submission.State.values else gettext("not sent yet")

    @admin.display(description=gettext_lazy("carrier"), ordering="carrier")
    def carrier_display(self, obj):
        return obj.get_carrier_display()

    @admin.display(description=gettext_lazy("InnoCigs ORDERS_ID"), ordering="order__partner_reference")
    def orders_id(self, obj):
        return obj.order.partner_reference or "–"

    @admin.display(description=gettext_lazy("test mode"), boolean=True)
    def test_mode(self, obj):
        submission = obj.submission
        return submission.test_mode if submission else None

    @admin.display(description=gettext_lazy("message"))
    def message(self, obj):
        submission = obj.submission
        return stored_words(submission.message) if submission and submission.message else "–"

    @admin.display(description=gettext_lazy("errors"))
    def errors_display(self, obj):
        submission = obj.submission
        return format_html_join(
            "", "<p><strong>{} {}</strong><br>{} {}</p>",
            ((e.get("code", ""), e.get("message", ""), stored_words(e.get("explanation", "")),
              stored_words(e.get("next_step", "")))
             for e in (submission.errors if submission else [])),
        ) or "–"

    @admin.display(description=gettext_lazy("products"))
    def lines_display(self, obj):
        return format_html_join(", ", "{} × {}", ((line.quantity, line.sku) for line in obj.order.lines.all())) or "–"


class DeliveryNoteItemInline(ReadOnlyInline):
    model = DeliveryNoteItem
    fields = ["orders_number", "orders_id", "restock", "sku", "quantity"]
    readonly_fields = fields


@admin.register(DeliveryNote)
class DeliveryNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "day", "parcels_display", "standard_orders_display", "created_at"]
    list_filter = ["day"]
    search_fields = ["number", "items__orders_number", "items__orders_id"]
    date_hierarchy = "day"
    show_full_result_count = False
    fields = ["number", "day", "parcels_display", "created_at"]
    readonly_fields = fields
    inlines = [DeliveryNoteItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items__restock__order")

    @admin.display(description=gettext_lazy("parcels"))
    def parcels_display(self, obj):
        return _parcel_links(obj.parcels)

    @admin.display(description=gettext_lazy("standard orders"))
    def standard_orders_display(self, obj):
        restocks = {item.restock for item in obj.items.all() if item.restock}
        return format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("admin:innocigs_restock_change", args=[r.pk]), r.number)
             for r in sorted(restocks, key=lambda r: r.number)),
        ) or "–"
