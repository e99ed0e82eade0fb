"""The shipping row of the dashboard's inbox: parcels with an incident."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.inbox import InboxRow, More, capped
from shipping.models import DeliveryState, Shipment

# Next steps by the words a carrier uses for an incident (Innoship's status names); others get the general one.
NEXT_STEPS = {
    "bad address": _("Correct the address with the courier, or ask the customer for it."),
    "not home": _("Tell the customer to arrange a new delivery with the courier."),
    "refused": _("Ask the customer why; the parcel will come back: plan the refund or a new delivery."),
    "damaged": _("Open a claim with the courier and send a replacement."),
    "lost": _("Open a claim with the courier and send a replacement."),
}


def _next_step(description):
    words = description.lower()
    for key, step in NEXT_STEPS.items():
        if key in words:
            return step
    return _("Ask the courier what happened, then tell the customer.")


def inbox_rows():
    incidents = (Shipment.objects.filter(delivery_state=DeliveryState.INCIDENT).select_related("order")
                 .order_by("state_changed_at", "id"))
    found, more = capped(incidents)
    rows = []
    for shipment in found:
        event = shipment.events.order_by("-occurred_at", "-id").first()
        said = event.description if event else ""
        rows.append(InboxRow(
            kind=_("Parcel incident"), subject=f"{shipment.order.number} ({shipment})",
            url=reverse("admin:shipping_shipment_change", args=[shipment.pk]),
            reason=_("The courier reports a problem with the parcel."), next_step=_next_step(said),
            partner_text=said, action=_("Open the parcel"), tone="alert"))
    if more:
        rows.append(More(_("Parcel incidents"), incidents.count(),
                         f"{reverse('admin:shipping_shipment_changelist')}?delivery_state__exact=incident"))
    return rows
