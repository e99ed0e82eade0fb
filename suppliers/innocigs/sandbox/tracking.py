"""InnoCigs tracking (by day and by order) and delivery notes of the sandbox, of what book.py has shipped."""

from datetime import date

from django.utils import timezone

from backoffice.sandbox import state

from .api import command
from .book import _check_fault, _remember, _ship_due, orders_state


def _receiver(placed):
    return {key: placed["receiver"].get(key, "") for key in (
        "COMPANY", "COMPANY2", "FIRSTNAME", "LASTNAME", "STREET_ADDRESS", "POSTCODE", "CITY", "COUNTRY_CODE")}


def _tracked(placed, api):
    # "Rückgabe XML-Api" (lines 943-969) and REST (lines 1014-1044): DROPSHIP_ID, ORDERS_NUMBER, DELIVERY_NUMBER,
    # TRACKINGS of TRACKINGINFO (CARRIER, CODE, RECEIVER); in REST a list of {"TRACKINGINFO": ...} (line 1022).
    shipped = placed["shipped"]
    info = {"CARRIER": shipped["carrier"], "CODE": shipped["code"], "RECEIVER": _receiver(placed)}
    return {
        "DROPSHIP_ID": str(placed["dropship_id"]), "ORDERS_NUMBER": placed["number"],
        "DELIVERY_NUMBER": shipped["delivery_number"],
        "TRACKINGS": [{"TRACKINGINFO": info}] if api == "rest" else {"TRACKINGINFO": info},
    }


def _cancellation(placed):
    # "CANCELLATION - Container für Stornofälle" (line 1079): DROPSHIP_ID, ORDERS_NUMBER, MESSAGE (lines 1156-1158).
    return {"DROPSHIP_ID": str(placed["dropship_id"]), "ORDERS_NUMBER": placed["number"],
            "MESSAGE": "Der Auftrag wurde storniert"}


def _day(value):
    """"day: Tag als Timestamp (2018-05-01)" (line 933). The reference names no error for another form: such a
    day simply has nothing to show."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@command("tracking")  # "Trackingdaten abfragen (TAG)" (lines 927-1083): XML command=tracking&day=, REST tracking/<day>
def tracking(request, params, argument, api):
    # The XML API asks by order with the same command and `order` (line 1096).
    if api == "xml" and params.get("order"):
        return tracking_order(request, params, params["order"], api)
    day = _day(argument if api == "rest" else params.get("day", ""))
    with state.lock:
        book = orders_state()
        _check_fault(book)
        _ship_due(book, timezone.now())
        placed = list(book["dropships"].values())
        shipped = [_tracked(p, api) for p in placed if p["shipped"] and p["shipped"]["day"] == day]
        cancelled = [_cancellation(p) for p in placed if p["cancelled"] == day]
    return {"TRACKING": {"DROPSHIP": shipped, "CANCELLATION": _cancellations(cancelled, api)}}


def _cancellations(cancelled, api):
    """One CANCELLATION is one object in REST, as the reference's example shows (lines 1223-1227)."""
    return cancelled[0] if api == "rest" and len(cancelled) == 1 else cancelled


# "Trackingdaten abfrage (Order)" (lines 1085-1251): REST tracking-order/<ORDERS NUMBER> (line 1169). The reference
# says nothing of a number it does not know: the reply is simply empty.
@command("tracking-order")
def tracking_order(request, params, number, api):
    with state.lock:
        book = orders_state()
        _check_fault(book)
        _ship_due(book, timezone.now())
        _remember(book, number, "looked_up")
        placed = book["dropships"].get(number)
        shipped = [_tracked(placed, api)] if placed and placed["shipped"] else []
        cancelled = [_cancellation(placed)] if placed and placed["cancelled"] else []
    return {"TRACKING": {"DROPSHIP": shipped, "CANCELLATION": _cancellations(cancelled, api)}}


def _delivery(placed, api):
    # "Lieferscheine abfragen" (lines 1253-1416): RECEIVER, DELIVERY_NUMBER, TRACKINGS/TRACKING with carrier and
    # tracking_code as attributes (line 1288; `_attributes` in REST, line 1336), INCLUDED_ORDERS/ORDER with
    # ORDERS_NUMBER, ORDERS_ID, PRODUCTS/PRODUCT; in REST INCLUDED_ORDERS is a list of {"ORDER": ...} (line 1343).
    shipped = placed["shipped"]
    products = [{"PRODUCTS_MODEL": p["PRODUCTS_MODEL"], "QUANTITY": str(p["QUANTITY"])} for p in placed["products"]]
    order = {"ORDERS_NUMBER": placed["number"], "ORDERS_ID": placed["orders_id"], "PRODUCTS": {"PRODUCT": products}}
    return {
        "RECEIVER": _receiver(placed), "DELIVERY_NUMBER": shipped["delivery_number"],
        "TRACKINGS": {"TRACKING": [{"_attributes": {"carrier": shipped["carrier"],
                                                    "tracking_code": shipped["code"]}}]},
        "INCLUDED_ORDERS": [{"ORDER": order}] if api == "rest" else {"ORDER": [order]},
    }


@command("delivery")  # XML command=delivery&day= (line 1266), REST delivery/<day> (line 1312); standard orders only
def delivery(request, params, argument, api):
    day = _day(argument if api == "rest" else params.get("day", ""))
    with state.lock:
        book = orders_state()
        _check_fault(book)
        _ship_due(book, timezone.now())
        notes = [_delivery(p, api) for p in book["standard_orders"].values()
                 if p["shipped"] and p["shipped"]["day"] == day]
    return {"DELIVERIES": {"DELIVERY": notes}}
