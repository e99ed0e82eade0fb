"""Zonos' rows of the dashboard's inbox: orders placed at its checkout that the shop lacks, conflicts, holds."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.inbox import InboxRow, More, capped
from orders.zonos.selectors import FILTERS, changelist_url, zonos_orders_classified

KINDS = [
    # key, kind, reason, next step, button, tone
    ("conflict", _("Zonos status conflict"), _("Zonos holds or cancelled an order the shop has already sent."),
     _("Stop the shipment with the partner, then settle it with Zonos."), _("Open the Zonos order"), "alert"),
    ("missing", _("Missing from the shop"), _("Zonos took this order at its checkout; the shop has no order for it."),
     _("Import it from Zonos, so it is not forgotten."), _("Import from Zonos"), "warn"),
    ("held", _("Held by Zonos"), _("Zonos holds the order (e.g. a fraud review): it must not be sent yet."),
     _("Wait until Zonos releases it; do not submit it meanwhile."), _("Open the Zonos order"), "warn"),
]


def inbox_rows():
    rows = []
    classified = zonos_orders_classified()
    for key, kind, reason, next_step, action, tone in KINDS:
        matching = classified.filter(FILTERS[key]).order_by("sequence")
        found, total = capped(matching)
        for zonos_order in found:
            rows.append(InboxRow(
                kind=kind, subject=zonos_order.zonos_id,
                url=reverse("admin:zonos_zonosorder_change", args=[zonos_order.pk]),
                reason=reason, next_step=next_step, partner_text=zonos_order.status,
                action=action, tone=tone))
        if total > len(found):
            rows.append(More(kind, total, changelist_url(key)))
    return rows
