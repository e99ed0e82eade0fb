"""The order list's columns beyond the model's fields (reason, country, total) and its CSV export.

The figures come as annotations, so a page of the list and an export of every order run a constant number
of queries. The reason uses the inbox's words (orders.inbox), as the order's page does.
"""

from decimal import Decimal

from django.contrib import admin
from django.db.models import DecimalField, F, JSONField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from backoffice.cells import EMPTY, cut
from backoffice.csv_export import Column, csv_export_action
from backoffice.words import stored_words
from orders.inbox import refused_words
from orders.models import Order, OrderLine, Submission

S = Submission.State
MONEY = DecimalField(max_digits=12, decimal_places=2)
CENTS = Decimal("0.01")


def with_list_figures(queryset):
    """Each order with its total (`list_total`) and its latest submission's errors and message."""
    lines = (OrderLine.objects.filter(order=OuterRef("pk")).order_by().values("order")
             .annotate(sum=Sum(F("unit_price") * F("quantity"), output_field=MONEY)).values("sum"))
    latest = Submission.objects.filter(order=OuterRef("pk")).order_by("-attempt")
    return queryset.annotate(
        list_total=Coalesce(Subquery(lines, output_field=MONEY), Value(0), output_field=MONEY)
        + F("shipping_cost") - F("discount"),
        latest_errors=Subquery(latest.values("errors")[:1], output_field=JSONField()),
        latest_message=Subquery(latest.values("message")[:1]),
    )


def reason_text(order) -> str:
    """Why the order is not with a partner, in words: held back before sending, or refused; else empty."""
    if order.status != Order.Status.READY:
        return ""
    if order.hold_reason:
        return stored_words(order.hold_reason)
    if order.submission_state == S.REFUSED:
        return refused_words(getattr(order, "latest_errors", None), getattr(order, "latest_message", ""))[0]
    return ""


def total_text(order):
    return f"{order.list_total:.2f} {order.currency}"


def tracking_codes(order):
    shipments = getattr(order, "listed_shipments", None)
    return ", ".join(s.tracking_code for s in (order.shipments.all() if shipments is None else shipments)
                     if s.tracking_code)


def outcome_text(order):
    return S(order.submission_state).label if order.submission_state in S.values else ""


class OrderListColumns:
    """The order admin's computed columns."""

    @admin.display(description=_("reason"))
    def reason(self, order):
        return cut(reason_text(order), width="l")

    @admin.display(description=_("country"), ordering="shipping_address__country")
    def country(self, order):
        return order.shipping_address.country or EMPTY

    @admin.display(description=_("total"), ordering="list_total")
    def total(self, order):
        return total_text(order)


CSV_COLUMNS = [
    Column(_("Order number"), lambda o: o.number),
    Column(_("Placed on"), lambda o: o.placed_at),
    Column(_("Customer"), lambda o: o.shipping_address.full_name),
    Column(_("Country"), lambda o: o.shipping_address.country),
    Column(_("Route"), lambda o: o.get_route_display()),
    Column(_("Status"), lambda o: o.get_status_display()),
    Column(_("Partner outcome"), outcome_text),
    Column(_("Reason"), reason_text),
    Column(_("Total"), lambda o: o.list_total.quantize(CENTS)),
    Column(_("Currency"), lambda o: o.currency),
    Column(_("Partner reference"), lambda o: o.partner_reference),
    Column(_("Tracking"), tracking_codes),
]

export_orders_csv = csv_export_action(CSV_COLUMNS, name="orders")
