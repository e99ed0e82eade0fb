"""What Innoship keeps beside the core's rows, on their admin pages: the courier options of an order (an inline the
order admin takes from the PartnerSpec's `order_inlines`) and what a booking said, on the shipment page."""

import re

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from backoffice.csv_export import Column
from orders.forms import ImportChecksForm
from orders.models import Order

from .client import PARTNER
from .models import CourierBooking, CourierOptions, booking_for
from .options import KEYS

ROUTE = "innoship"


class CourierOptionsForm(ImportChecksForm):
    """The import's checks on the options, so what staff enter here is what the import accepts."""

    checks = KEYS

    class Meta:
        model = CourierOptions
        fields = list(KEYS)


class CourierOptionsInline(admin.StackedInline):
    """The order's courier options, changed with the order: whoever may change the order may change them. An order
    without options gets its row only once one differs from the defaults."""

    model = CourierOptions
    form = CourierOptionsForm
    fields = list(KEYS)
    extra = 1
    max_num = 1
    can_delete = False

    def get_formset(self, request, obj=None, **kwargs):
        # Folded (a <details>, no JavaScript needed) where the order does not go by courier.
        self.classes = ["collapse"] if obj is not None and obj.route != ROUTE else []
        return super().get_formset(request, obj, **kwargs)

    def _order_admin(self):
        return self.admin_site.get_model_admin(Order)

    def has_view_permission(self, request, obj=None):
        return self._order_admin().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and self._order_admin().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


def _words(key):
    """'BankRepaymentAmount' as 'bank repayment amount': staff read words, not field names."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(key)).lower()


def _booked(name):
    """A read-only field of the shipment page showing the booking's `name` (the page keeps the field's name, so
    it reads as before the booking had its own table)."""

    def show(modeladmin, shipment):
        return getattr(booking_for(shipment), name)

    show.__name__ = name
    show.short_description = CourierBooking._meta.get_field(name).verbose_name
    show.admin_order_field = f"innoship_booking__{name}"
    return show


def _after(items, anchor, added):
    at = items.index(anchor) + 1
    return [*items[:at], *added, *items[at:]]


BOOKING_FIELDS = ["courier_id", "price_amount", "price_vat", "price_total", "price_currency", "expected_delivery",
                  "barcodes", "extra_services"]


class BookingFields:
    """Mixed into the shipment admin: the booking on the shipment page, its price and delivery date in the list and
    the CSV export."""

    courier_id = _booked("courier_id")
    price_amount = _booked("price_amount")
    price_vat = _booked("price_vat")
    price_total = _booked("price_total")
    price_currency = _booked("price_currency")
    expected_delivery = _booked("expected_delivery")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or obj.partner == PARTNER:
            fieldsets.append((_("Courier booking"), {"fields": BOOKING_FIELDS}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *BOOKING_FIELDS]

    def get_form(self, request, obj=None, **kwargs):
        # A read-only field that is no model field of the shipment has no help text of its own.
        helps = {name: CourierBooking._meta.get_field(name).help_text for name in BOOKING_FIELDS
                 if name in CourierBooking.FIELDS}
        return super().get_form(request, obj, help_texts={**helps, **kwargs.pop("help_texts", {})}, **kwargs)

    @admin.display(description=_("price"), ordering="innoship_booking__price_total")
    def price(self, obj):
        booking = booking_for(obj)
        if booking.price_total is None:
            return "–"
        return f"{booking.price_total} {booking.price_currency}".strip()

    @admin.display(description=_("parcel barcodes"))
    def barcodes(self, obj):
        return format_html_join(", ", "{}", ((code,) for code in booking_for(obj).parcel_barcodes)) or "–"

    @admin.display(description=_("extra services as booked"))
    def extra_services(self, obj):
        """Innoship's reply 'Extra' (its rules may have changed what was asked), one service a line."""
        extra = booking_for(obj).booking_extra or {}
        if not extra:
            return "–"
        return format_html_join(mark_safe("<br>"), "{}: {}", ((_words(key), value) for key, value in extra.items()))


def with_booking_list(admin_class):
    """The list's and the export's price and delivery date, beside the delivery state as before."""
    list_display = _after(list(admin_class.list_display), "delivery_state", ["price", "expected_delivery"])
    since = next(column for column in admin_class.export_columns if str(column.header) == str(_("State since")))
    columns = _after(admin_class.export_columns, since, [
        Column(_("Price"), lambda s: booking_for(s).price_total),
        Column(_("Currency"), lambda s: booking_for(s).price_currency),
        Column(_("Expected delivery"), lambda s: booking_for(s).expected_delivery),
    ])
    return list_display, columns
