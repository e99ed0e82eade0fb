"""The emulated MeinEinkauf.ch's state: its orders and returns, its clock, and how orders move on through the
processing states."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from backoffice.sandbox import state

PARTNER = "meineinkauf"
ZURICH = ZoneInfo("Europe/Zurich")
STEP_SECONDS = 120  # the partner's test system moves orders on every 15 minutes (doc line 20); faster here
PATH = ["open", "arrival_assumed", "arrived", "verified", "exported"]
# doc line 224, "Possible states"; `problem` and `cancellation` are seen live too (GUIDE).
ORDER_STATES = ["open", "arrival_assumed", "arrived", "partial_delivery_arrived", "verified", "verified_partially",
                "exported", "exported_partially", "not_arrived", "problem", "cancellation"]
RETURN_PATH = [  # doc line 409, "Possible states"
    "open", "ready_for_transfer", "transferred", "completed"]


def _store():
    store = state.store(PARTNER)
    store.setdefault("orders", {})
    store.setdefault("returns", {})
    store.setdefault("unavailable", [0, 503])
    store.setdefault("step_seconds", STEP_SECONDS)
    store.setdefault("next_id", 1000)
    store.setdefault("clock", None)
    return store


def _now(store):
    """A clock that never gives the same second twice, so every change sorts unambiguously."""
    now = datetime.now(ZURICH).replace(microsecond=0)
    if store["clock"] is not None and now <= store["clock"]:
        now = store["clock"] + timedelta(seconds=1)
    store["clock"] = now
    return now


def _next_id(store):
    store["next_id"] += 1
    return store["next_id"]


def _error(code, message, prop=""):
    return {"code": code, "message": message, "property": prop}


# --- The emulated processing ---


def _iso(moment):
    return moment.isoformat(timespec="seconds")


def _file(name):
    return {"name": f"{name}.pdf", "mimeType": "application/pdf", "extension": "pdf", "size": 62038}


def _set_state(store, order, to):
    """A state change, kept in the history (doc: processingState, processingStateHistory, processingStateChanged).
    An exported order's consignments get a swisspost tracking with its label and a customer invoice, as in the
    doc's order example (lines 245-301)."""
    moment = _now(store)
    order["processingState"] = to
    order["processingStateChanged"] = _iso(moment)
    order["processingStateHistory"].append({"state": to, "changed": _iso(moment)})
    order["next_step_at"] = moment + timedelta(seconds=store["step_seconds"] or 0)
    if to in ("exported", "exported_partially"):
        for n, consignment in enumerate(order["consignments"], start=1):
            if "tracking" not in consignment:
                number = f"99.60.{order['id']:06d}.{n:08d}"
                consignment["tracking"] = {"carrier": "swisspost", "trackingNumber": number,
                                           "labelFile": _file(f"label-{order['id']}-{n}")}
                consignment["customerInvoice"] = _file(f"invoice-{order['id']}-{n}")


def _step(store, order):
    current = order["processingState"]
    if current in PATH and current != PATH[-1]:
        _set_state(store, order, PATH[PATH.index(current) + 1])
        return True
    return False


def _tick(store):
    """Moves on every order whose next step is due, as the partner's test system does every 15 minutes."""
    if not store["step_seconds"]:
        return
    now = datetime.now(ZURICH)
    for order in sorted(store["orders"].values(), key=lambda o: o["id"]):
        while order["next_step_at"] <= now and _step(store, order):
            pass


def _find(items, reference, field, by_id):
    for item in items.values():
        if (str(item["id"]) if by_id else item[field]) == reference:
            return item
    return None
