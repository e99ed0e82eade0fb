"""Read-only admin of InnoCigs standard orders and delivery notes (placed and synced by commands and schedules)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy

from backoffice.admin import ReadOnlyAdmin
from backoffice.words import stored_words
from suppliers.innocigs.models import DeliveryNote, DeliveryNoteItem, StandardOrder, StandardOrderLine


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StandardOrderLineInline(ReadOnlyInline):
    model = StandardOrderLine
    fields = ["sku", "product", "quantity"]
    readonly_fields = fields


class DeliveredItemInline(ReadOnlyInline):
    model = DeliveryNoteItem
    fk_name = "standard_order"
    verbose_name_plural = gettext_lazy("delivered")
    fields = ["delivery_note", "sku", "quantity"]
    readonly_fields = fields


def _parcel_links(parcels):
    return format_html_join(
        ", ", '<a href="{}" rel="noopener" target="_blank">{} {}</a>',
        ((p.get("url") or "#", p.get("carrier", ""), p.get("code", "")) for p in parcels),
    ) or "–"


@admin.register(StandardOrder)
class StandardOrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "state", "carrier_display", "orders_id", "test_mode", "created_by", "created_at"]
    list_filter = ["state", "carrier", "test_mode", "created_at"]
    search_fields = ["number", "orders_id", "lines__sku"]
    show_full_result_count = False
    fields = ["number", "state", "carrier", "test_mode", "orders_id", "message", "errors_display", "created_by",
              "created_at", "sent_at", "finished_at"]
    readonly_fields = fields
    inlines = [StandardOrderLineInline, DeliveredItemInline]

    @admin.display(description=gettext_lazy("carrier"), ordering="carrier")
    def carrier_display(self, obj):
        return obj.get_carrier_display()

    @admin.display(description=gettext_lazy("errors"))
    def errors_display(self, obj):
        return format_html_join(
            "", "<p><strong>{} {}</strong><br>{} {}</p>",
            ((e.get("code", ""), e.get("message", ""), stored_words(e.get("explanation", "")),
              stored_words(e.get("next_step", "")))
             for e in obj.errors),
        ) or "–"


class DeliveryNoteItemInline(ReadOnlyInline):
    model = DeliveryNoteItem
    fields = ["orders_number", "orders_id", "standard_order", "sku", "quantity"]
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
        return super().get_queryset(request).prefetch_related("items__standard_order")

    @admin.display(description=gettext_lazy("parcels"))
    def parcels_display(self, obj):
        return _parcel_links(obj.parcels)

    @admin.display(description=gettext_lazy("standard orders"))
    def standard_orders_display(self, obj):
        orders = {item.standard_order for item in obj.items.all() if item.standard_order}
        return format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("admin:innocigs_standardorder_change", args=[o.pk]), o.number)
             for o in sorted(orders, key=lambda o: o.number)),
        ) or "–"
