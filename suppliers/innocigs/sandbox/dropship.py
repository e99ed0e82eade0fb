"""InnoCigs order commands of the sandbox: dropship, order, tracking (by day and by order), delivery.
This module reads and checks dropships and standard orders; tracking.py answers tracking and delivery notes,
book.py keeps the order book, controls.py has the control calls.

It accepts and refuses like InnoCigs: per DROPSHIP, 30001 for a product without stock, 30003 for an unknown
one, 20011 for a reused order number, 20004/20005 for missing or incomplete receiver data; 10001 for a body
it cannot read; test mode (`modus=test`) validates without placing. A placed dropship or standard order
ships SHIP_AFTER later (or at once after `POST _control/ship`) with a DHL code and a delivery number, and
then shows in tracking or in the delivery notes of that day.

Its state lives in `state.store("innocigs")["orders"]`, changed only under `state.lock`: `placements` counts, per
order number, how often it was placed (more than once only in the careless-partner mode, `state.accepts_repeats`);
`dropship_requests` lists, per dropship request received, the order numbers it carried and whether in test mode, so
tests can count what reached InnoCigs; `fault` set to a code makes every order command answer with that top-level
error (e.g. "50001" for maintenance). `latency` (seconds, `POST _control/latency`) holds each live dropship reply
back after InnoCigs has placed it, so a test can stop the sender while a batch is in flight; `GET
_control/dropships` reads out, per order number, how often it arrived, was placed and was looked up, and how often
it came again without a look-up first (a blind resend).
"""

import json
import re
import time
from datetime import date

from django.utils import timezone

from backoffice.safexml import UnsafeXMLError, parse_xml
from backoffice.sandbox import state

from .api import InnocigsFault, command
from .book import SHIP_AFTER, _available, _check_fault, _next_id, _remember, orders_state

CARRIERS = ("DHL", "UPS")  # "Bestellung ohne Dropship", shipping: "DHL oder UPS" (line 715)
RECEIVER_REQUIRED = ("FIRSTNAME", "LASTNAME", "STREET_ADDRESS", "POSTCODE", "CITY", "COUNTRY_CODE")
# "Felder im Dropship-Request-XML" (lines 490-515): the documented minimum lengths.
MINIMUM = {"FIRSTNAME": 2, "LASTNAME": 2, "STREET_ADDRESS": 5, "POSTCODE": 4, "CITY": 3}
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")  # "ISO-3166-1-Alpha-2-CODE" (line 506)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")  # "gültiges e-Mail Format, min. 6 Zeichen" (line 507)
BIRTHDAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # "Deutsches Format, z.b. 23.6.1989" (line 509)
PACKSTATION = re.compile(r"packstation|postfiliale", re.IGNORECASE)
# The messages of "Fehlercodes" (lines 1995-2027), per dropship (#X) where the table says so; 30001 and 30003
# name the article as the dropship reply's example does ("AS100AMZ nicht lieferbar", line 571).
ERRORS = {
    "20002": "Absender-Daten für Dropship #{n} fehlen.",
    "20003": "Absender-Daten für Dropship #{n} unvollständig.",
    "20004": "Empfänger-Daten für Dropship #{n} fehlen.",
    "20005": "Empfänger-Daten für Dropship #{n} unvollständig.",
    "20006": "Dropship #{n} ohne Produkte.",
    "20007": "Dropship #{n} enthält fehlerhafte Produktdefinitionen.",
    "20010": "Dropship #{n} keine Bestellnummer angegeben.",
    "20011": "Dropship #{n} : Bestellnummer wurde von Ihnen bereits verwendet.",
    "20012": "Die jeweiligen Adressdaten enthalten Fehler.",
    "30000": "Keine Artikelnummer angegeben.",
    "30001": "{model} nicht lieferbar",
    "30003": "{model} unbekannt",
    "40002": "Die Kopfdaten zur Bestellung fehlen.",
    "40004": "Lieferadresse nicht richtig angegeben.",
    "40006": "Bestellnummer nicht richtig angegeben.",
}


# --- reading requests: both APIs into one shape ---------------------------------------------------------------

def _xml_request(params, container_path):
    # "Post-Parameter" (lines 474-480, 708-716): the request XML in the `xml` parameter; unreadable XML is 10001.
    try:
        root = parse_xml(params.get("xml", ""))
    except UnsafeXMLError:
        raise InnocigsFault("10001") from None
    return [_xml_container(element) for element in root.findall(container_path)]


def _xml_fields(element):
    if element is None:
        return None
    return {child.tag: (child.text or "").strip() for child in element}


def _xml_container(element):
    return {
        "ORDERS_NUMBER": (element.findtext("DATA/ORDERS_NUMBER") or "").strip(),
        "SHIPPER": _xml_fields(element.find("DATA/SHIPPER")),
        "RECEIVER": _xml_fields(element.find("DATA/RECEIVER")),
        "HAS_DATA": element.find("DATA") is not None,
        "PRODUCTS": [
            {"PRODUCTS_MODEL": (p.findtext("PRODUCTS_MODEL") or "").strip(), "QUANTITY": p.findtext("QUANTITY")}
            for p in element.findall("PRODUCTS/PRODUCT")
        ],
    }


def _json_request(request, root, container):
    # "Aufruf als POST-Request über die REST-Api" (lines 603-613): the same fields as JSON in the raw body, one
    # DROPSHIP (or ORDER) object (lines 618, 857); unreadable JSON is answered like unreadable XML (10001).
    try:
        body = json.loads(request.body or b"")
    except ValueError:
        raise InnocigsFault("10001") from None
    outer = body.get(root) if root and isinstance(body, dict) else body
    item = outer.get(container) if isinstance(outer, dict) else None
    if not isinstance(item, dict):
        return []
    data = item.get("DATA") if isinstance(item.get("DATA"), dict) else {}
    products = item.get("PRODUCTS") if isinstance(item.get("PRODUCTS"), list) else []
    return [{
        "ORDERS_NUMBER": str(data.get("ORDERS_NUMBER") or "").strip(),
        "SHIPPER": data.get("SHIPPER") if isinstance(data.get("SHIPPER"), dict) else None,
        "RECEIVER": data.get("RECEIVER") if isinstance(data.get("RECEIVER"), dict) else None,
        "HAS_DATA": bool(data),
        "PRODUCTS": [p for p in products if isinstance(p, dict)],
    }]


# --- checks -----------------------------------------------------------------------------------------------------

def _address_errors(party, required, missing_code, incomplete_code, *, sender=False):
    """The reference's field rules (lines 490-515) for a SHIPPER or RECEIVER: no party at all is
    `missing_code` (20002/20004), a required field left empty `incomplete_code` (20003/20005), any other
    documented rule broken 20012 "Die jeweiligen Adressdaten enthalten Fehler" (line 2015)."""
    if not party:
        return [missing_code]
    values = {key: str(value or "").strip() for key, value in party.items()}
    if any(len(values.get(key, "")) < 2 for key in required):  # empty, or a single letter: not given
        return [incomplete_code]
    length = {key: len(value) for key, value in values.items()}
    names = length.get("FIRSTNAME", 0) + length.get("LASTNAME", 0)
    company = length.get("COMPANY", 0) + length.get("COMPANY2", 0)
    broken = (
        any(length.get(key, 0) < minimum for key, minimum in MINIMUM.items())
        or names > 34  # "Vorname und Nachname zusammen max. 34 Zeichen"
        or length.get("STREET_ADDRESS", 0) > 35
        or length.get("COMPANY", 0) > 30 or length.get("COMPANY2", 0) > 30  # "Max. 30 Zeichen"
        or (sender and length.get("COMPANY", 0) < 3)  # "Versender-Firma min. 3 Zeichen"
        or (PACKSTATION.search(values.get("STREET_ADDRESS", "")) and company > 34)  # line 500
        or not COUNTRY_CODE.match(values.get("COUNTRY_CODE", ""))
        or (values.get("EMAIL") and (length["EMAIL"] < 6 or not EMAIL.match(values["EMAIL"])))
        or (values.get("BIRTHDAY") and not _german_date(values["BIRTHDAY"]))
    )
    return ["20012"] if broken else []


def _german_date(value):
    match = BIRTHDAY.match(value)
    if not match:
        return False
    day, month, year = (int(part) for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _product_errors(book, products):
    """(code, model) for every product InnoCigs would refuse, all lines checked ("Fehlercodes", lines 2011-2018:
    20006 no products, 20007 a wrong product definition, 30000 no article number, 30001 not deliverable, 30003
    unknown); the dropship reply's example lists its errors per line (lines 566-571)."""
    if not products:
        return [("20006", "")]
    found = []
    for product in products:
        model = str(product.get("PRODUCTS_MODEL") or "").strip()
        try:
            quantity = int(str(product.get("QUANTITY")).strip())
        except ValueError:
            quantity = 0
        if not model:
            found.append(("30000", ""))
        elif (available := _available(book, model)) is None:
            found.append(("30003", model))
        elif quantity < 1:
            found.append(("20007", model))
        elif available < quantity:
            found.append(("30001", model))
    return found


def _errors(codes, n):
    return [{"CODE": code, "MESSAGE": ERRORS[code].format(n=n, model=model)} for code, model in codes]


def _take_stock(book, products):
    for product in products:
        model, quantity = str(product["PRODUCTS_MODEL"]).strip(), int(str(product["QUANTITY"]).strip())
        if model in book["stock"]:
            book["stock"][model] -= quantity
        else:
            book["sold"][model] = book["sold"].get(model, 0) + quantity


def _reply_errors(api, errors):
    if api == "rest":
        return [{"CODE": int(e["CODE"]), "MESSAGE": e["MESSAGE"]} for e in errors]
    return {"ERROR": errors}


def _id(api, value):
    return value if api == "rest" else str(value)


# --- dropship ---------------------------------------------------------------------------------------------------

@command("dropship")  # "Dropship Auftrag übermitteln" (lines 472-699): XML command=dropship, REST dropship
def dropship(request, params, argument, api):
    test_mode = params.get("modus") == "test"
    dropships = (_json_request(request, "DROPSHIPPING", "DROPSHIP") if api == "rest"
                 else _xml_request(params, "DROPSHIPPING/DROPSHIP"))
    with state.lock:
        book = orders_state()
        _check_fault(book)
        if not dropships:
            raise InnocigsFault("10002")  # "Keine Dropship-Daten gefunden" (line 1999)
        numbers = [d["ORDERS_NUMBER"] for d in dropships]
        book["dropship_requests"].append({"numbers": numbers, "test": test_mode})
        seen, replies = set(), []
        for n, data in enumerate(dropships, start=1):
            replies.append(_dropship_one(book, data, n, api, test_mode, seen))
        latency = 0.0 if test_mode else book["latency"]
        if latency:
            book["in_flight"].append(numbers)
    if latency:
        _hold_reply(numbers, latency)
    # One DROPSHIP object in the REST reply (lines 667-679), every DROPSHIP in the XML one (lines 553-580).
    return {"DROPSHIPPING": {"DROPSHIP": replies[0] if api == "rest" else replies}}


def _hold_reply(numbers, seconds):
    """A slow reply: InnoCigs has acted on the request, the answer comes `seconds` later (if anyone still waits)."""
    try:
        time.sleep(seconds)
    finally:
        with state.lock:
            in_flight = orders_state()["in_flight"]
            if numbers in in_flight:  # unless the sandbox was reset meanwhile
                in_flight.remove(numbers)


def _dropship_one(book, data, n, api, test_mode, seen):
    number = data["ORDERS_NUMBER"]
    codes = [] if number else [("20010", "")]  # "keine Bestellnummer angegeben" (line 2013)
    # Reference, error table: 20011 "Bestellnummer wurde von Ihnen bereits verwendet" (a used number is refused);
    # in the careless-partner mode (state.accepts_repeats) a used number is placed again.
    if (number in book["dropships"] and not state.accepts_repeats()) or number in seen:
        codes.append(("20011", ""))
    # The sender's EMAIL: "E-Mail-Adresse des Absenders" (line 507), optional only for the receiver.
    codes += [(c, "") for c in _address_errors(data["SHIPPER"], ("COMPANY", *RECEIVER_REQUIRED, "EMAIL"), "20002",
                                               "20003", sender=True)]
    codes += [(c, "") for c in _address_errors(data["RECEIVER"], RECEIVER_REQUIRED, "20004", "20005")]
    codes += _product_errors(book, data["PRODUCTS"])
    seen.add(number)
    if number and not test_mode:
        _remember(book, number, "arrived")
    reply = {"ORDERS_NUMBER": number}
    # "Rückgabe XML-Api" (lines 553-580): STATUS OK/NOK, MESSAGE, DROPSHIP_ID and ORDERS_ID (-1 when refused),
    # ERRORS for a NOK; the REST reply's ids are numbers (lines 674-675). Its ERRORS take the REST order reply's
    # shape (lines 913-918), the only REST error list the reference shows.
    if codes:
        return reply | {"STATUS": "NOK", "MESSAGE": "Dropship fehlgeschlagen",
                        "ERRORS": _reply_errors(api, _errors(codes, n)), "DROPSHIP_ID": _id(api, -1),
                        "ORDERS_ID": _id(api, -1)}
    # "Test-Modus onTheFly" (lines 71-90) and line 488: checked, not placed. The reference gives no test-mode
    # reply; ids are -1 as for a dropship not placed, the message is the sandbox's own.
    if test_mode:
        return reply | {"STATUS": "OK", "MESSAGE": "Testmodus: Dropship gültig, nicht eingetragen",
                        "DROPSHIP_ID": _id(api, -1), "ORDERS_ID": _id(api, -1)}
    _take_stock(book, data["PRODUCTS"])
    placed = {"number": number, "dropship_id": _next_id(book), "orders_id": _next_id(book) * 100,
              "receiver": dict(data["RECEIVER"]), "products": data["PRODUCTS"],
              "ship_at": timezone.now() + SHIP_AFTER, "shipped": None, "cancelled": None}
    book["dropships"][number] = placed  # a repeat replaces what tracking shows, as the partner's latest
    book["placements"][number] = book["placements"].get(number, 0) + 1
    _remember(book, number, "placed")
    return reply | {"STATUS": "OK", "MESSAGE": "Dropship erfolgreich eingetragen",
                    "DROPSHIP_ID": _id(api, placed["dropship_id"]), "ORDERS_ID": _id(api, placed["orders_id"])}


# --- standard order ---------------------------------------------------------------------------------------------

@command("order")  # "Bestellung ohne Dropship" (lines 700-926): XML command=order, REST order
def order(request, params, argument, api):
    test_mode = params.get("modus") == "test"
    # `shipping` (line 715): DHL or UPS, DHL when left out; in REST a header, as the public client sends it
    # (innocigs-rest-api.txt, "Create Standard Order": "An optional 'shipping' header").
    carrier = request.headers.get("shipping", "") if api == "rest" else params.get("shipping", "")
    orders = _json_request(request, None, "ORDER") if api == "rest" else _xml_request(params, "ORDER")
    with state.lock:
        book = orders_state()
        _check_fault(book)
        if len(orders) != 1:
            raise InnocigsFault("40001")  # "Es kann nur eine Bestellung pro Request" (line 704), code line 2019
        data = orders[0]
        number = data["ORDERS_NUMBER"]
        codes = [] if data["HAS_DATA"] else [("40002", "")]  # "Die Kopfdaten zur Bestellung fehlen" (line 2020)
        codes += [] if number else [("40006", "")]  # "Bestellnummer nicht richtig angegeben" (line 2022)
        # The table's only code for an order sent again is 20000 "XML bereits hochgeladen" (line 2005); in the
        # careless-partner mode (state.accepts_repeats) a used number is placed again.
        if number and number in book["standard_orders"] and not state.accepts_repeats():
            raise InnocigsFault("20000")
        # The same field rules as a dropship's (lines 723-749); any broken one is 40004 "Lieferadresse nicht
        # richtig angegeben" (line 2021).
        codes += [("40004", "") for _ in _address_errors(data["RECEIVER"], RECEIVER_REQUIRED, "40004", "40004")]
        codes += _product_errors(book, data["PRODUCTS"])
        reply = {"ORDERS_NUMBER": number}
        # "Rückgabe" (lines 794-826) and "Rückgabe REST-Api" (lines 891-921).
        if codes:
            return {"ORDER": reply | {"STATUS": "NOK", "MESSAGE": "Eintragen der Bestellung fehlgeschlagen",
                                      "ORDERS_ID": _id(api, -1), "ERRORS": _reply_errors(api, _errors(codes, 1))}}
        if test_mode:
            return {"ORDER": reply | {"STATUS": "OK", "MESSAGE": "Testmodus: Bestellung gültig, nicht eingetragen",
                                      "ORDERS_ID": _id(api, -1)}}
        _take_stock(book, data["PRODUCTS"])
        # ORDERS_ID in the two-part form the delivery notes show for orders ("9903478-14645", line 1347).
        placed = {"number": number, "orders_id": f"{_next_id(book)}-{_next_id(book)}",
                  "carrier": carrier if carrier in CARRIERS else "DHL", "receiver": dict(data["RECEIVER"]),
                  "products": data["PRODUCTS"], "ship_at": timezone.now() + SHIP_AFTER, "shipped": None}
        book["standard_orders"][number] = placed
        book["placements"][number] = book["placements"].get(number, 0) + 1
    return {"ORDER": reply | {"STATUS": "OK", "MESSAGE": "Bestellung erfolgreich eingetragen",
                              "ORDERS_ID": placed["orders_id"]}}
