"""Shipments: tracking for every partner. A partner package extends this admin with its own actions and what it
keeps of a shipment (Innoship: the booking's price and parcels, labels and cancelling, in
shipping/innoship/admin.py)."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backoffice.admin import IndexedValuesFilter, PartnerValuesFilter, ReadOnlyAdmin, admin_link
from backoffice.cells import cut
from backoffice.counting import CappedPaginator
from backoffice.csv_export import Column, csv_export_action
from backoffice.registry import partner_label
from shipping.incidents import shipment_incident
from shipping.models import Shipment, TrackingEvent
from shipping.selectors import shipments_search


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    fields = ["occurred_at", "status_code", "description", "location", "delivery_state"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("tracking events (newest first)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    """Shipments come from partners and tracking: nothing here is edited by hand."""

    list_display = ["parcel", "order_link", "partner_name", "delivery_state", "tracking_link", "created_at"]
    # Choices of partner and carrier from a loose scan of their indexes (a DISTINCT would read 158,000 rows).
    list_filter = [("partner", PartnerValuesFilter), "delivery_state", ("carrier", IndexedValuesFilter), "created_at"]
    # What the search matches is get_search_results' job (each arm indexed); these name it for the search box.
    search_fields = ["tracking_code", "order__number"]
    search_help_text = _("A tracking code, or the start of an order number.")
    list_select_related = ["order"]
    show_full_result_count = False
    paginator = CappedPaginator
    inlines = [TrackingEventInline]
    actions = ["export_csv"]

    class Media:
        css = {"all": ["backoffice/lists.css"]}
    change_form_template = "admin/shipping/shipment/change_form.html"
    fieldsets = [
        (None, {"fields": ["order_link", "partner_name", "carrier", "tracking_code", "tracking_link", "delivery_state",
                           "incident", "state_changed_at", "last_polled_at", "delivery_number", "submission_link",
                           "created_at"]}),
    ]
    readonly_fields = [name for _, options in fieldsets for name in options["fields"]]

    @admin.display(description=_("partner"), ordering="partner")
    def partner_name(self, obj):
        return partner_label(obj.partner)

    def get_search_results(self, request, queryset, search_term):
        return shipments_search(queryset, search_term), False

    export_columns = [
        Column(_("Parcel"), str),
        Column(_("Order number"), lambda s: s.order.number),
        Column(_("Partner"), lambda s: partner_label(s.partner)),
        Column(_("Carrier"), lambda s: s.carrier),
        Column(_("Tracking code"), lambda s: s.tracking_code),
        Column(_("Delivery state"), lambda s: s.get_delivery_state_display()),
        Column(_("State since"), lambda s: s.state_changed_at),
        Column(_("Tracking page"), lambda s: s.tracking_url),
        Column(_("Recorded"), lambda s: s.created_at),
    ]
    export_csv = csv_export_action(export_columns, name="shipments")

    @admin.display(description=_("parcel"), ordering="tracking_code")
    def parcel(self, obj):
        return cut(str(obj))
    @admin.display(description=_("incident"))
    def incident(self, obj):
        """What went wrong in words with the next step, beside the carrier's own words."""
        found = shipment_incident(obj)
        if found is None:
            return "–"
        return format_html('<strong class="incident">{}</strong>: {}<br><span class="partner-text">{}</span>',
                           found.words, found.next_step,
                           _("The carrier said: %(said)s") % {"said": found.said} if found.said else "")

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, obj):
        return admin_link("admin:orders_order_change", obj.order_id, obj.order.number)

    @admin.display(description=_("tracking"))
    def tracking_link(self, obj):
        if not obj.tracking_url:
            return cut(obj.tracking_code, width="s")
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank" title="{}">{}</a>',
                           obj.tracking_url, obj.tracking_code, obj.tracking_code or "track")

    @admin.display(description=_("submission"))
    def submission_link(self, obj):
        if obj.submission_id is None:
            return "–"
        return f"{obj.submission} ({obj.submission.get_state_display().lower()})"
