"""A parcel incident in words, with what staff do next.

Carriers name their incidents in their own words (Innoship's status table: "Bad Address", "Refused", "Lost"...,
see shipping/innoship/statuses.py); the event keeps them as they came. This maps those words, whatever the
partner, to ours and a next step; anything else gets the general step.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from shipping.models import DeliveryState

# A carrier's status words, lowercased → (our words, the next step). Matched as a part of what it said.
INCIDENTS = {
    "bad address": (_("Bad address"), _("Correct the address with the courier, or ask the customer for it.")),
    "not home": (_("Customer not at home"), _("Tell the customer to arrange a new delivery with the courier.")),
    "not delivered": (_("Not delivered"), _("Ask the courier why, then tell the customer when it comes.")),
    "closed on arrival": (_("Closed on arrival"), _("Ask the courier for a new delivery on an opening day.")),
    "refused": (_("Refused by the customer"),
                _("Ask the customer why; the parcel comes back: plan the refund or a new delivery.")),
    "damaged": (_("Damaged"), _("Open a claim with the courier and send a replacement.")),
    "destroyed": (_("Destroyed"), _("Open a claim with the courier and send a replacement.")),
    "lost": (_("Lost"), _("Open a claim with the courier and send a replacement.")),
    "compensated": (_("Compensated by the courier"), _("Check the payment, then send a replacement or refund.")),
    "on hold": (_("Held by the courier"), _("Ask the courier what it needs to deliver the parcel.")),
    "scan error": (_("Missing information"), _("Give the courier the missing information (address, phone).")),
    "security check": (_("Security check"), _("Wait a day; if it stays, ask the courier what it needs.")),
    "storage duration exceeded": (_("Not collected in time"),
                                  _("The parcel comes back: ask the customer whether to send it again.")),
    "locker issues": (_("Locker problem"), _("Ask the courier to deliver to another locker or to the address.")),
    "tracking expired": (_("Tracking ended without delivery"),
                         _("Ask the courier where the parcel is; if it is lost, open a claim.")),
}
GENERAL = (_("Problem with the parcel"), _("Ask the courier what happened, then tell the customer."))


@dataclass(frozen=True)
class Incident:
    words: str  # ours, e.g. "Bad address"
    next_step: str
    said: str  # the carrier's own words, as they came

    def __str__(self):
        return f"{self.words}: {self.next_step}"


def incident_words(said) -> tuple[str, str]:
    """(our words, next step) for what a carrier said about an incident."""
    text = (said or "").casefold()
    for key, (words, step) in INCIDENTS.items():
        if key in text:
            return str(words), str(step)
    return str(GENERAL[0]), str(GENERAL[1])


def shipment_incident(shipment) -> Incident | None:
    """The open incident of `shipment`, from its latest event (prefetched events are used as they are)."""
    if shipment.delivery_state != DeliveryState.INCIDENT:
        return None
    latest = next(iter(shipment.events.all()), None)  # newest first (TrackingEvent.Meta.ordering)
    said = latest.description if latest else ""
    return Incident(*incident_words(said), said=said)
