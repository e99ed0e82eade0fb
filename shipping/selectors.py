"""Reads of shipments that are more than one line: the dashboard's shipping figures."""

from django.urls import NoReverseMatch, reverse

from backoffice.counting import DASHBOARD_CAP, capped_count
from backoffice.dashboard import Figure
from orders.models import Order, Submission
from shipping.models import DeliveryState, Shipment


def _url(name, **filters):
    """The admin list `name` filtered; "" while that list is not registered (the orders admin is its own app's)."""
    try:
        return f"{reverse(name)}?" + "&".join(f"{key}={value}" for key, value in filters.items())
    except NoReverseMatch:
        return ""


def dashboard_figures():
    shipments = "admin:shipping_shipment_changelist"
    active = Shipment.objects.exclude(delivery_state__in=[DeliveryState.DELIVERED, DeliveryState.RETURNED,
                                                          DeliveryState.CANCELLED])
    return [
        Figure("Shipping", "shipments with an incident",
               capped_count(active.filter(delivery_state=DeliveryState.INCIDENT), DASHBOARD_CAP),
               _url(shipments, delivery_state__exact=DeliveryState.INCIDENT), tone="alert"),
        Figure("Shipping", "Innoship bookings unknown: reconcile",
               capped_count(Order.objects.filter(route="innoship", submission_state=Submission.State.UNKNOWN),
                            DASHBOARD_CAP),
               _url("admin:orders_order_changelist", route__exact="innoship", submission_state__exact="unknown"),
               tone="alert"),
        Figure("Shipping", "booked, waiting for the courier",
               capped_count(active.filter(partner="innoship", delivery_state=DeliveryState.RECORDED), DASHBOARD_CAP),
               _url(shipments, partner__exact="innoship", delivery_state__exact=DeliveryState.RECORDED)),
        Figure("Shipping", "on the way",
               capped_count(active.filter(delivery_state__in=[DeliveryState.IN_TRANSIT,
                                                              DeliveryState.OUT_FOR_DELIVERY]), DASHBOARD_CAP),
               _url(shipments, delivery_state__in=f"{DeliveryState.IN_TRANSIT},{DeliveryState.OUT_FOR_DELIVERY}")),
    ]
