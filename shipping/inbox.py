"""The shipping row of the dashboard's inbox: parcels with an incident."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.inbox import InboxRow, More, capped
from shipping.incidents import shipment_incident
from shipping.models import DeliveryState, Shipment


def inbox_rows():
    incidents = (Shipment.objects.filter(delivery_state=DeliveryState.INCIDENT).select_related("order")
                 .prefetch_related("events")
                 .order_by("state_changed_at", "id"))
    found, total = capped(incidents)
    rows = []
    for shipment in found:
        incident = shipment_incident(shipment)
        rows.append(InboxRow(
            kind=_("Parcel incident"), subject=f"{shipment.order.number} ({shipment})",
            url=reverse("admin:shipping_shipment_change", args=[shipment.pk]),
            reason=_("The courier reports: %(words)s.") % {"words": incident.words}, next_step=incident.next_step,
            partner_text=incident.said, action=_("Open the parcel"), tone="alert"))
    if total > len(found):
        rows.append(More(_("Parcel incidents"), total,
                         f"{reverse('admin:shipping_shipment_changelist')}?delivery_state__exact=incident"))
    return rows
