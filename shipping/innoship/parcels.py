"""An order's weight split into parcels no heavier than INNOSHIP_MAX_PARCEL_KG.

One parcel goes without `Parcels[]` (the doc's Content table: "Optional. Size and weight for each individual
unit of transport"). Several go as `ParcelsCount` and one `Parcels[]` entry each, with what the doc's Parcel
table requires: SequenceNo, Size (Width, Length, Height in cm), Weight (kg), Type and Reference1.
"""

import math
from decimal import Decimal

from django.conf import settings

GRAMS = Decimal("0.001")
REFERENCE_LENGTH = 100  # Parcel.Reference1 string[100]


def parcel_weights(total_kg: Decimal) -> list[Decimal]:
    """The weight of each parcel: even to the gram, none above the limit, summing to the total."""
    grams = int((total_kg / GRAMS).to_integral_value())
    limit = max(int(Decimal(str(settings.INNOSHIP_MAX_PARCEL_KG)) * 1000), 1)  # whole grams, rounded down
    count = max(math.ceil(grams / limit), 1)
    base, heavier = divmod(grams, count)  # the first `heavier` parcels carry one gram more
    return [Decimal(base + (number < heavier)) * GRAMS for number in range(count)]


def parcel_size() -> dict:
    length, width, height = (int(part) for part in settings.INNOSHIP_PARCEL_SIZE_CM.split("x"))
    return {"width": width, "height": height, "length": length}


def parcels_list(order, weights) -> list[dict]:
    """`Content.Parcels` for several parcels (keys as in the doc's example request)."""
    count = len(weights)
    return [{
        "sequenceNo": number,
        "size": parcel_size(),
        "weight": float(weight),
        "type": "parcel",  # the doc's Parcel.Type "Envelope (1), Parcel (2), Pallet (3)"; its example sends "parcel"
        "reference1": f"Order {order.number}, parcel {number} of {count}"[:REFERENCE_LENGTH],
    } for number, weight in enumerate(weights, start=1)]
