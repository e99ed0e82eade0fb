"""Reads of shipments that are more than one line: the parcels on their way to a hub, the shipment search, and
the dashboard's shipping figures."""

from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from backoffice.counting import DASHBOARD_CAP, capped_count
from backoffice.dashboard import Figure
from backoffice.selectors import starts_with
from orders.models import Order, Submission
from shipping.models import DeliveryState, Shipment


def _hub_parcels(hub_partner):
    """Parcels on their way to `hub_partner`'s hub: shipped by someone else (the first leg, e.g. an InnoCigs
    dropship) and tracked, since the hub's partner is told each parcel by its tracking number."""
    return Shipment.objects.exclude(partner=hub_partner).exclude(tracking_code="")


def hub_parcels(order, hub_partner):
    """The order's parcels on their way to `hub_partner`'s hub, oldest first."""
    return list(_hub_parcels(hub_partner).filter(order=order).order_by("created_at", "id"))


def with_hub_parcels(orders, hub_partner):
    """The orders of `orders` that have at least one parcel on its way to `hub_partner`'s hub."""
    return orders.filter(Exists(_hub_parcels(hub_partner).filter(order=OuterRef("pk"))))


def shipments_search(queryset, term):
    """Shipments where every word of `term` is the tracking code or starts the order's number, as typed or in
    capitals. Each arm is an indexed lookup, so a search stays fast however many shipments there are."""
    for word in term.split():
        typed = {word, word.upper()}
        orders = Order.objects.filter(starts_with("number", word) | starts_with("number", word.upper()))
        found = Shipment.objects.values("pk")
        queryset = queryset.filter(pk__in=found.filter(tracking_code__in=typed).union(
            found.filter(order__in=orders.values("pk"))))
    return queryset


def _url(name, **filters):
    """The admin list `name` filtered; "" while that list is not registered (the orders admin is its own app's)."""
    try:
        return f"{reverse(name)}?" + "&".join(f"{key}={value}" for key, value in filters.items())
    except NoReverseMatch:
        return ""


def dashboard_figures():
    shipments = "admin:shipping_shipment_changelist"
    # Each by its state alone (none of them is a closed one), so an index of the state serves it; the incidents'
    # count is the inbox's too, so the dashboard runs it once (counts_shared).
    return [
        Figure(_("Shipping"), _("shipments with an incident"),
               capped_count(Shipment.objects.filter(delivery_state=DeliveryState.INCIDENT), DASHBOARD_CAP),
               _url(shipments, delivery_state__exact=DeliveryState.INCIDENT), tone="alert"),
        Figure(_("Shipping"), _("Innoship bookings unknown: reconcile"),
               capped_count(Order.objects.filter(route="innoship", submission_state=Submission.State.UNKNOWN),
                            DASHBOARD_CAP),
               _url("admin:orders_order_changelist", route__exact="innoship", submission_state__exact="unknown"),
               tone="alert"),
        Figure(_("Shipping"), _("booked, waiting for the courier"),
               capped_count(Shipment.objects.filter(partner="innoship", delivery_state=DeliveryState.RECORDED),
                            DASHBOARD_CAP),
               _url(shipments, partner__exact="innoship", delivery_state__exact=DeliveryState.RECORDED)),
        Figure(_("Shipping"), _("on the way"),
               capped_count(Shipment.objects.filter(delivery_state__in=[DeliveryState.IN_TRANSIT,
                                                                      DeliveryState.OUT_FOR_DELIVERY]), DASHBOARD_CAP),
               _url(shipments, delivery_state__in=f"{DeliveryState.IN_TRANSIT},{DeliveryState.OUT_FOR_DELIVERY}")),
    ]
