"""Reads about MeinEinkauf orders and returns that are more than one line."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.dashboard import Figure
from backoffice.models import PartnerHealth
from orders.models import Order
from shipping.meineinkauf.client import KEY_REFUSED, PARTNER, WRONG_ENDPOINT
from shipping.meineinkauf.models import MeinEinkaufOrder, MeinEinkaufReturn

GROUP = "MeinEinkauf.ch"  # a name, the same in every language


def returns_to_handle():
    return MeinEinkaufReturn.objects.filter(handled_at__isnull=True)


def orders_in_state(state):
    return MeinEinkaufOrder.objects.filter(processing_state=state)


def cancelled_by_meineinkauf():
    """Orders MeinEinkauf cancelled while the shop order is still open: staff must decide what happens."""
    return orders_in_state("cancellation").exclude(order__status=Order.Status.CANCELLED)


def credentials_refused() -> bool:
    return PartnerHealth.objects.filter(partner=PARTNER, ok=False, detail__startswith=KEY_REFUSED).exists()


def endpoint_refused() -> bool:
    """MeinEinkauf answered 400: our address or a path is wrong (the doc: no such endpoint or method)."""
    return PartnerHealth.objects.filter(partner=PARTNER, ok=False, detail__startswith=WRONG_ENDPOINT).exists()


def dashboard_figures():
    returns_url = reverse("admin:meineinkauf_meineinkaufreturn_changelist")
    orders_url = reverse("admin:meineinkauf_meineinkauforder_changelist")
    return [
        Figure(GROUP, _("returns to handle"), returns_to_handle().count(), f"{returns_url}?handled=no", tone="warn"),
        Figure(GROUP, _("orders stuck in problem"), orders_in_state("problem").count(),
               f"{orders_url}?state=problem", tone="alert"),
        Figure(GROUP, _("orders that never arrived at the hub"), orders_in_state("not_arrived").count(),
               f"{orders_url}?state=not_arrived", tone="alert"),
        Figure(GROUP, _("orders cancelled by MeinEinkauf"), cancelled_by_meineinkauf().count(),
               f"{orders_url}?state=cancellation", tone="warn"),
        Figure(GROUP, _("API key refused"), int(credentials_refused()),
               reverse("admin:backoffice_partnerhealth_changelist"), tone="alert"),
        Figure(GROUP, _("configuration error: endpoint or method refused"), int(endpoint_refused()),
               reverse("admin:backoffice_partnerhealth_changelist"), tone="alert"),
    ]
