"""What MeinEinkauf's states, reasons and codes mean, in the words staff use.

MeinEinkauf sends states as plain strings and adds new ones without notice (`problem` and `cancellation`
were seen live before the doc listed them). Every lookup here therefore has a fallback that shows an
unknown value exactly as it came, marked as undocumented, instead of failing.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from shipping.models import DeliveryState


@dataclass(frozen=True)
class Words:
    value: str  # as MeinEinkauf sent it
    label: str
    explanation: str
    known: bool = True

    def __str__(self):
        return self.label


# Order processing states, in the order an order normally passes through them.
ORDER_STATES = {
    "open": ("Registered", "MeinEinkauf has the order and waits for its parcel from Germany."),
    "arrival_assumed": ("Parcel expected", "MeinEinkauf checked the order and expects the parcel at its German hub."),
    "arrived": ("Arrived at the hub", "The parcel arrived at the MeinEinkauf hub in Germany."),
    "partial_delivery_arrived": ("Partly arrived",
                                 "Part of the order arrived at the MeinEinkauf hub in Germany; the rest is expected."),
    "verified": ("Checked", "MeinEinkauf checked the parcel and prepared it for export to Switzerland."),
    "verified_partially": ("Partly checked", "MeinEinkauf checked part of the order and prepared it for export."),
    "exported": ("Exported", "The parcel was exported to Switzerland and handed to the Swiss carrier."),
    "exported_partially": ("Partly exported",
                           "Part of the order was exported to Switzerland; the rest is still at the hub."),
    "not_arrived": ("Never arrived",
                    "The parcel did not reach the MeinEinkauf hub in time: check the inbound parcel in Germany."),
    "problem": ("Problem", "MeinEinkauf reports a problem with this order: contact MeinEinkauf to clear it."),
    "cancellation": ("Cancelled by MeinEinkauf", "MeinEinkauf cancelled the order; it will not deliver it."),
}
# Not in the doc, but the obvious end of the road: understood if MeinEinkauf ever reports it.
ORDER_STATES["delivered"] = ("Delivered", "The Swiss carrier delivered the parcel to the customer.")

# What each processing state means for the Swiss parcel. States not listed leave the parcel as it was.
DELIVERY_STATE = {
    "open": DeliveryState.RECORDED,
    "arrival_assumed": DeliveryState.RECORDED,
    "arrived": DeliveryState.RECORDED,
    "partial_delivery_arrived": DeliveryState.RECORDED,
    "verified": DeliveryState.RECORDED,
    "verified_partially": DeliveryState.RECORDED,
    "exported": DeliveryState.IN_TRANSIT,
    "exported_partially": DeliveryState.IN_TRANSIT,
    "delivered": DeliveryState.DELIVERED,
    "not_arrived": DeliveryState.INCIDENT,
    "problem": DeliveryState.INCIDENT,
    "cancellation": DeliveryState.CANCELLED,
}
EXPORTED = frozenset({"exported", "exported_partially"})
# States in which MeinEinkauf needs someone at the shop to act.
ATTENTION = frozenset({"problem", "not_arrived", "cancellation"})
# The documented list endpoint leaves out cancelled orders unless asked for them by name.
LISTED_ONLY_ON_REQUEST = ("cancellation",)

RETURN_STATES = {
    "open": ("Received in Switzerland", "The return arrived at the MeinEinkauf returns centre in Switzerland."),
    "ready_for_transfer": ("Ready for transfer", "The return is packed for the next tour back to Germany."),
    "transferred": ("On its way back",
                    "The return was cleared through customs and sent to Germany: see the tour and MRN numbers."),
    "completed": ("Completed", "MeinEinkauf has completed the return."),
}

RETURN_REASONS = {
    "not_as_described": "Not as described",
    "damaged": "Arrived damaged",
    "defective": "Defective",
    "wrong_article": "Wrong article sent",
    "wrong_size": "Wrong size",
    "not_wanted": "No longer wanted",
    "too_late": "Arrived too late",
    "other": "Other reason",
}

ITEM_STATES = {
    "unused": "Unused",
    "new": "As new",
    "used": "Used",
    "damaged": "Damaged",
    "defective": "Defective",
    "incomplete": "Incomplete",
}

STORAGE_WORDS = {
    "partner_clarification_case": "Held until the shop clarifies the case",
    "partner_clarification_case_solved": "Clarified with the shop",
}

DOCUMENT_KINDS = {
    "invoice": gettext_lazy("Customer invoice"),
    "label": gettext_lazy("Swiss parcel label"),
    "gas_label": gettext_lazy("GAS label"),
}


def _undocumented(value, what):
    return Words(value, value or "(empty)", f"A {what} MeinEinkauf has not documented; shown as it came.", False)


def order_state(value) -> Words:
    if value in ORDER_STATES:
        return Words(value, *ORDER_STATES[value])
    return _undocumented(value, "processing state")


def return_state(value) -> Words:
    if value in RETURN_STATES:
        return Words(value, *RETURN_STATES[value])
    return _undocumented(value, "return state")


def _phrase(table, value):
    if value in table:
        return table[value]
    return f"{value.replace('_', ' ').capitalize()} (as MeinEinkauf names it)" if value else "–"


def return_reason(value) -> str:
    return _phrase(RETURN_REASONS, value)


def item_state(value) -> str:
    return _phrase(ITEM_STATES, value)


def storage_words(value) -> str:
    return _phrase(STORAGE_WORDS, value)
