"""The sandbox's InnoCigs order book (its state is described in dropship.py): stock, ids, faults, each order
number's life, and shipping what is due."""

from datetime import timedelta

from django.utils import timezone

from backoffice.sandbox import state

from . import catalogue as catalogue_feed  # a module: the two import each other through .api
from .api import InnocigsFault

SHIP_AFTER = timedelta(seconds=60)
# One world with the catalogue: every model the catalogue serves can be ordered, from the stock its feed serves
# less what orders took (`sold`, which the feed subtracts too). These set levels override that, for the
# reference's order examples: 12M100L10-BG-0 (line 130), IC10000AIO-10 (line 112), IC10000L10-TE-3 (line 648),
# and AS100AMZ, "nicht lieferbar" in the dropship reply (line 571); `POST _control/stock` sets more.
STOCK = {
    "12M100L10-BG-0": 220,
    "IC10000AIO-10": 155,
    "IC10000L10-TE-3": 40,
    "AS100AMZ": 0,
}


def orders_state():
    """The sandbox's order book. Call with `state.lock` held."""
    return state.store("innocigs").setdefault("orders", {
        "stock": dict(STOCK), "dropships": {}, "standard_orders": {}, "next_id": 1000, "dropship_requests": [],
        "fault": "", "latency": 0.0, "in_flight": [], "history": {}, "placements": {}, "sold": {},
    })


def _available(book, model):
    """Pieces InnoCigs could ship now, or None for a model it does not know."""
    if model in book["stock"]:
        return book["stock"][model]
    product = catalogue_feed.catalogue_product(model)
    if product is None:
        return None
    return max(0, catalogue_feed.catalogue_quantity(product) - book["sold"].get(model, 0))


def _next_id(book):
    book["next_id"] += 1
    return book["next_id"]


def _check_fault(book):
    if book["fault"]:
        raise InnocigsFault(book["fault"])


def _remember(book, number, event):
    """The life of a live order number at InnoCigs: "arrived", "placed", "looked_up", in order."""
    book["history"].setdefault(number, []).append(event)


def _ship_due(book, now):
    for placed in [*book["dropships"].values(), *book["standard_orders"].values()]:
        if placed["shipped"] is None and placed["ship_at"] <= now and not placed.get("cancelled"):
            serial = _next_id(book)
            placed["shipped"] = {
                "day": timezone.localdate(now), "carrier": placed.get("carrier", "DHL"),
                "code": f"003404341{serial:011d}", "delivery_number": f"S{serial:07d}",
            }
