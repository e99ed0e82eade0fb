"""InnoCigs catalogue commands of the sandbox: stock, prices, products and backorders, for both APIs.

The catalogue is synthetic and deterministic: `catalogue(size)` always gives the same products, starting with
the documented example models (12M100L10-BG-0, IC10000AIO-10, ACK100L10-AM-3(-H), AS10000A1, ...). The size
is SANDBOX_CATALOGUE_SIZE. Every stock call moves the sandbox's clock one tick on, and at each tick about one
product in twenty sells some pieces (or is restocked), so the stock history has something to show.

Two control calls (sandbox only) let a test hold the catalogue still or give it news: `POST _control/stock_clock`
with {"frozen": true|false, "advance": n} stops or restarts the clock and moves it n ticks on, and
`POST _control/revision` moves prices and products to the next revision (about one product in twenty gets a new
price and name). Untouched, the clock runs and the revision stays 0.

The replies carry the quirks the reference's own examples show (innocigs-dropship-api-2022-04-28.md):
decimal commas beside dot decimals (PRODUCTS_PRICE "7,52" and graduated prices "6.998400", lines 307-313),
numbers as strings and as numbers (VPE CONTENT "50" at line 1624, 50 at line 1904; QUANTITY 5 at line
312, "5" at line 1630), "" where a list is empty (GRADUATED_PRICES "" at line 442), attribute keys in mixed
case ("Packung" at line 1621, PACKUNG at line 1901), `_cdata` wrappers in the REST API's product
description (line 1757); and one object where a list has one entry, which the reference shows for REST
DROPSHIP (line 618) and CANCELLATION (line 1223) and the sandbox also uses for graduated prices and other
units.
"""

import json
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from backoffice.sandbox import state
from backoffice.sandbox.common import endpoint

from .api import InnocigsFault, command, urlpatterns

EXAMPLES = [
    # model, master, ean, name, category, manufacturer, price cents, rrp cents, vpe, stock
    ("12M100L10-BG-0", "12M100L10-BG", "0827152053568", "Twelve Monkeys - Bonogurt - 50ml - 0mg/ml",
     "Liquids > Shortfills > Twelve Monkeys", "Twelve Monkeys", 752, 1695, ("50", "ml"), 220),
    ("12M100L10-BN-20", "12M100L10-BN", "0827152053575", "Twelve Monkeys - Banana Nut - 10ml - 20mg/ml",
     "Liquids > Nikotinsalz > Twelve Monkeys", "Twelve Monkeys", 230, 590, ("10", "ml"), 114),
    ("12M100L10-BN-20-H", "12M100L10-BN", "0827152053582", "Twelve Monkeys - Banana Nut - 10ml - 20mg/ml 10er",
     "Liquids > Nikotinsalz > Twelve Monkeys", "Twelve Monkeys", 2295, 5900, ("100", "ml"), 11),
    ("12M100L10-HB-0", "12M100L10-HB", "0827152053599", "Twelve Monkeys - Hakuna - 50ml - 0mg/ml",
     "Liquids > Shortfills > Twelve Monkeys", "Twelve Monkeys", 752, 1695, ("50", "ml"), 44),
    ("12M100L10-HB-3", "12M100L10-HB", "0827152053605", "Twelve Monkeys - Hakuna - 50ml - 3mg/ml",
     "Liquids > Shortfills > Twelve Monkeys", "Twelve Monkeys", 752, 1695, ("50", "ml"), 0),
    ("IC10000AIO-10", "IC10000AIO", "4260510020011", "InnoCigs eGo AIO Set Schwarz",
     "Hardware > Komplettsets", "InnoCigs", 1680, 3495, None, 155),
    ("ACK100L10-AM-3", "ACK100L10-AM", "4260510021018", "Ace of Vapor - Amnesia - 10ml - 3mg/ml",
     "Liquids > Fertigliquids > Ace of Vapor", "Ace of Vapor", 236, 496, ("10", "ml"), 80),
    ("ACK100L10-AM-3-H", "ACK100L10-AM", "4260510021025", "Ace of Vapor - Amnesia - 10ml - 3mg/ml 10er Packung",
     "Liquids > Fertigliquids > Ace of Vapor", "Ace of Vapor", 2363, 4958, ("100", "ml"), 6),
    ("AS10000A1", "AS10000NAUT", "4313042776687", "Aspire Nautilus Clearomizer Set",
     "Zubehör > Verdampfer", "Aspire", 1311, 2995, None, 31),
    ("SC10000L10-AF-L-H", "SC10000L10-AF", "4313042643316",
     "Americas Finest Tabak E-Zigaretten Liquid 6 mg/ml 10er Packung", "Liquids > SC", "SC", 850, 3950,
     ("100", "ml"), 3),
]
# Backorders of the documented examples, plus one of a catalogue model.
PENDING = [("1898808", "GV100ZT-10", 1, "6974622800512"), ("1898808", "GV100ZT-11", 1, "6974622800475"),
           ("53-44", "AV100A10-SP-A", 20, "4260510026129"), ("1901234", "IC10000AIO-10", 3, "4260510020011")]
MANUFACTURERS = ["Twelve Monkeys", "Ace of Vapor", "Aspire", "InnoCigs", "SC", "Vaporesso", "Dampfdidas",
                 "Must Have", "Geekvape", "Uwell", "Erste Sahne", "Flavour Smoke"]
FLAVOURS = ["Erdbeere", "Tabak", "Menthol", "Vanille", "Mango", "Kirsche", "Cola", "Pfirsich", "Melone", "Minze"]
HARDWARE = ["Hardware > Akkuträger", "Hardware > Komplettsets", "Zubehör > Coils", "Zubehör > Verdampfer"]
READY = "Sofort lieferbar"
LATER = "in 1-10 Tagen lieferbar"


@dataclass(frozen=True)
class SandboxProduct:
    index: int
    model: str
    master: str
    ean: str
    name: str
    category: str
    manufacturer: str
    price: int  # cents
    rrp: int
    vpe: tuple | None
    base_stock: int

    @property
    def liquid(self):
        return self.vpe is not None


def _ean(number):
    digits = f"{number:012d}"[-12:]
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


def _generated(i):
    brand = MANUFACTURERS[i % len(MANUFACTURERS)]
    flavour = FLAVOURS[(i // 3) % len(FLAVOURS)]
    liquid = i % 4 != 3
    strength = (0, 3, 6)[i % 3]
    if liquid:
        name = f"{brand} - {flavour} - 10ml - {strength}mg/ml"
        category = f"Liquids > {'Shortfills' if i % 2 else 'Fertigliquids'} > {brand}"
    else:
        name = f"{brand} {flavour} Edition {i % 97}"
        category = HARDWARE[i % len(HARDWARE)]
    price = 150 + (i * 37) % 3000
    return SandboxProduct(
        index=i, model=f"SB{i:06d}-{strength}", master=f"SB{i // 3:06d}", ean=_ean(426051000000 + i),
        name=name, category=category, manufacturer=brand, price=price, rrp=price * 21 // 10 + 99,
        vpe=("10", "ml") if liquid else None, base_stock=(i * 53) % 230,
    )


@lru_cache(maxsize=2)
def catalogue(size):
    """The first `size` products: the documented examples, then generated ones."""
    examples = [SandboxProduct(i, *row) for i, row in enumerate(EXAMPLES)]
    return tuple(examples[:size]) + tuple(_generated(i) for i in range(len(examples), size))


@lru_cache(maxsize=2)
def _by_model(size):
    return {p.model: p for p in catalogue(size)}


# --- values, deterministic in (product, tick, revision) -------------------------------------------------------


def quantity(product, tick):
    """About one product in twenty changes at each tick: it sells 3 pieces, or is restocked when empty."""
    sales = (tick + (product.index * 7) % 20) // 20
    return max(0, (product.base_stock - 3 * sales) % 230 - 30)


def _money(cents):
    return f"{cents // 100},{cents % 100:02d}"  # the decimal comma of PRODUCTS_PRICE


def _dot(cents, places=6):
    return f"{cents / 100:.{places}f}"  # the dot decimals of graduated prices and other units


def _changed(product, revision):
    """In revision r, about r products in twenty have a new price and name (for the benchmark's resync)."""
    return product.index % 20 < revision


def _price(product, revision):
    return product.price + (7 if _changed(product, revision) else 0)


def _tiers(product, revision):
    price = _price(product, revision)
    if product.index % 3:
        return []
    return [(10, price * 95 // 100)] + ([(20, price * 90 // 100)] if product.index % 6 else [])


def _units(product, revision):
    if product.index % 5 or product.model.endswith("-H"):
        return []
    price = _price(product, revision) * 10 * 93 // 100
    return [(f"{product.model}-H", 10, price, price // 10)]


def _one_or_list(entries):
    """A single entry as one object, as the real API sometimes sends it."""
    return entries[0] if len(entries) == 1 else entries


def stock_item(product, tick, api, sold=0):
    # "Bestand eines Artikels abfragen" (lines 92-155): PRODUCTS_MODEL, QUANTITY, SHIPPING_STATUS; the REST
    # example's QUANTITY is a number (line 133), the XML one text. What the order emulation sold is gone.
    value = max(0, quantity(product, tick) - sold)
    return {"PRODUCTS_MODEL": product.model, "QUANTITY": value if api == "rest" else str(value),
            "SHIPPING_STATUS": READY if value else LATER}


def price_item(product, api, revision=0):
    # "Preis eines Artikels abfragen" and "Alle Preise abfragen" (lines 249-470): GRADUATED_PRICES/
    # GRADUATED_PRICE of QUANTITY and PRODUCTS_PRICE, OTHER_UNITS/OTHER_UNIT of MODEL, PACKUNG, PRODUCTS_PRICE,
    # PRODUCTS_PRICE_SINGLE_UNIT; "" where a product has none (lines 442-450).
    tiers = [{"QUANTITY": q, "PRODUCTS_PRICE": _dot(c)} for q, c in _tiers(product, revision)]
    units = [{"MODEL": m, "PACKUNG": str(n), "PRODUCTS_PRICE": _dot(c), "PRODUCTS_PRICE_SINGLE_UNIT": _dot(u)}
             for m, n, c, u in _units(product, revision)]
    return {
        "PRODUCTS_MODEL": product.model,
        "PRODUCTS_PRICE": _money(_price(product, revision)),
        "PRODUCTS_PRICE_RECOMMENDED": _money(product.rrp),
        "GRADUATED_PRICES": {"GRADUATED_PRICE": _one_or_list(tiers)} if tiers else "",
        "OTHER_UNITS": {"OTHER_UNIT": _one_or_list(units)} if units else "",
    }


def _clp_infos(product):
    """CLP_INFOS with the three keys of the reference's newest example ("Produktabfrage Master Produkte":
    MSDS_CODES, MSDS_GHS_SYMBOL, EUH208_CONTENT), null where a product has none, as its examples show. The
    reference gives no filled-in example, only "(string)" for the first two (innocigs-rest-api.txt, product):
    the sandbox's nicotine liquids carry illustrative strings, and one flavour an EUH208 text."""
    nicotine = product.liquid and not product.name.endswith(" 0mg/ml")
    menthol = "Menthol" in product.name or "Minze" in product.name
    return {
        "MSDS_CODES": "H301, H311, H411" if nicotine else None,
        "MSDS_GHS_SYMBOL": "GHS06, GHS09" if nicotine else None,
        "EUH208_CONTENT": "Enthält Menthol. Kann allergische Reaktionen hervorrufen." if menthol else None,
    }


def _description(product):
    return (f"{product.name} von {product.manufacturer}. Ein synthetischer Artikel des Sandkastens: "
            f"<br><b>Lieferumfang:</b><li>1x {product.name}</li>")


def product_item(product, api, *, extended, revision=0, wrap_cdata=False):
    """A product as "Produkte und EANS abfragen" (lines 1497-1650) and "Erweiterte Produktabfrage" (lines
    1663-1864) describe it: DESCRIPTION (and COMPOSITION, line 1619) only in the extended feed ("type:
    normal=Ohne Produkt-Beschreibung, extended=Mit Produkt-Beschreibung", line 1503); in the REST products
    feed GRADUATED_PRICES/PRICE of QUANTITY and VALUE and OTHER_UNITS/UNIT of MODEL, PACKAGE, PRICE,
    PRICE_PER_UNIT (lines 1627-1645); in XML the price command's shape (the reference's XML product examples
    show none)."""
    image = f"https://cdn.innocigs.invalid/sandbox/{product.model}.png"
    extra = [f"https://cdn.innocigs.invalid/sandbox/{product.model}-{n}.png" for n in range(product.index % 3)]
    item = {
        "CATEGORY": product.category,
        "MASTER": product.master,
        "MODEL": product.model,
        "EAN": product.ean,
        "NAME": product.name + (" (neu)" if _changed(product, revision) else ""),
        "PARENT_NAME": product.name.rsplit(" - ", 1)[0],
        "PRODUCTS_PRICE": _money(_price(product, revision)),
        "PRODUCTS_PRICE_RECOMMENDED": _money(product.rrp),
        "PRODUCTS_IMAGE": image,
        "PRODUCTS_IMAGE_ADDITIONAL": extra if api == "rest" else ({"IMAGE": extra} if extra else ""),
        "MANUFACTURER": product.manufacturer,
        "CLP_INFOS": _clp_infos(product),
    }
    if extended:
        item["DESCRIPTION"] = {"_cdata": _description(product)} if wrap_cdata else _description(product)
        if product.liquid:
            item["COMPOSITION"] = "Pflanzliches Glycerin, Propylenglykol, Natürliche und künstliche Aromastoffe"
    packung = "PACKUNG" if product.index % 2 else "Packung"  # both spellings occur in the real feed
    item["PRODUCTS_ATTRIBUTES"] = (
        {packung: "10er Packung" if product.model.endswith("-H") else "1er Packung",
         "Nikotinstärke": product.name.rsplit(" - ", 1)[-1]} if product.liquid else ""
    )
    if product.vpe:
        content, unit = product.vpe
        item["VPE"] = {"CONTENT": int(content) if product.index % 2 else content, "UNIT": unit}
    item["PRODUCTS_MANUAL"] = "" if product.liquid else f"https://cdn.innocigs.invalid/sandbox/{product.model}.pdf"
    tiers = [{"QUANTITY": str(q), "VALUE": _dot(c)} for q, c in _tiers(product, revision)]
    units = [{"MODEL": m, "PACKAGE": str(n), "PRICE": _dot(c), "PRICE_PER_UNIT": _dot(u)}
             for m, n, c, u in _units(product, revision)]
    if api == "rest":
        item["GRADUATED_PRICES"] = {"PRICE": tiers} if tiers else {}
        item["OTHER_UNITS"] = {"UNIT": units} if units else {}
    else:
        item["GRADUATED_PRICES"] = {"GRADUATED_PRICE": [{"QUANTITY": t["QUANTITY"], "PRODUCTS_PRICE": t["VALUE"]}
                                                        for t in tiers]} if tiers else ""
        item["OTHER_UNITS"] = {"OTHER_UNIT": [{"MODEL": u["MODEL"], "PACKUNG": u["PACKAGE"],
                                               "PRODUCTS_PRICE": u["PRICE"],
                                               "PRODUCTS_PRICE_SINGLE_UNIT": u["PRICE_PER_UNIT"]}
                                              for u in units]} if units else ""
    return item


def pending_item(orders_id, model, count, ean, api):
    # "Ausstehende Artikel abfragen" (lines 1417-1496): ORDERS_ID, PRODUCTS_MODEL, QUANTITY (text in the REST
    # example, line 1469), EAN, SHIPPING_STATUS.
    return {"ORDERS_ID": orders_id, "PRODUCTS_MODEL": model, "QUANTITY": str(count) if api == "rest" else count,
            "EAN": ean, "SHIPPING_STATUS": LATER}


# --- whole replies, for the sandbox's endpoints and the benchmark ---------------------------------------------


def stock_reply(size, tick, api, sold=None):
    sold = sold or {}
    return {"QUANTITIES": {"PRODUCT": [stock_item(p, tick, api, sold.get(p.model, 0)) for p in catalogue(size)]}}


def prices_reply(size, api, revision=0):
    return {"PRICES": {"PRODUCT": [price_item(p, api, revision) for p in catalogue(size)]}}


def products_reply(size, api, *, extended, revision=0):
    return {"PRODUCTS": {"PRODUCT": [product_item(p, api, extended=extended, revision=revision)
                                     for p in catalogue(size)]}}


def pending_reply(api):
    return {"PENDINGS": {"PRODUCT": [pending_item(*row, api) for row in PENDING]}}


# --- the sandbox's endpoints ----------------------------------------------------------------------------------


def _size():
    return settings.SANDBOX_CATALOGUE_SIZE


def _tick():
    """Each stock call moves the clock on (unless a test froze it): the stock of about one product in twenty
    changes."""
    with state.lock:
        store = state.store("innocigs")
        if not store.get("catalogue_frozen"):
            store["catalogue_tick"] = store.get("catalogue_tick", 0) + 1
        return store.get("catalogue_tick", 0)


def current_tick():
    with state.lock:
        return state.store("innocigs").get("catalogue_tick", 0)


def _sold():
    """Pieces the order emulation took from catalogue models (innocigs_orders: `sold`)."""
    with state.lock:
        return dict(state.store("innocigs").get("orders", {}).get("sold", {}))


def catalogue_product(model):
    """The catalogue's product of this model, or None (for the order emulation)."""
    return _by_model(_size()).get(model)


def catalogue_quantity(product):
    """The stock the feed serves for it now, before sales (call with state.lock held: it reads the clock)."""
    return quantity(product, state.store("innocigs").get("catalogue_tick", 0))


def current_revision():
    with state.lock:
        return state.store("innocigs").get("catalogue_revision", 0)


def _known(model):
    product = _by_model(_size()).get(model.strip())
    if product is None:
        raise InnocigsFault("30003")  # "Produkt unbekannt" (line 2018): quantity, product, price
    return product


@command("quantity")  # XML command=quantity&model= (line 103), REST quantity/<model> (line 122)
def quantity_one(request, params, model, api):
    product = _known(model)
    return {"QUANTITIES": {"PRODUCT": [stock_item(product, _tick(), api, _sold().get(product.model, 0))]}}


@command("quantity_all")  # XML command=quantity_all (line 169), REST quantity_all (line 207)
def quantity_all(request, params, argument, api):
    return stock_reply(_size(), _tick(), api, _sold())


@command("price")  # XML command=price&model= (line 260), REST price/<model> (line 296)
def price_one(request, params, model, api):
    return {"PRICES": {"PRODUCT": [price_item(_known(model), api, current_revision())]}}


@command("prices")  # XML command=prices (line 357), REST prices (line 406)
def prices(request, params, argument, api):
    return prices_reply(_size(), api, current_revision())


@command("products")  # XML command=products with type (lines 1503-1509), REST products/[type] (line 1589)
def products(request, params, argument, api):
    kind = argument if api == "rest" else params.get("type", "normal")
    return products_reply(_size(), api, extended=kind == "extended", revision=current_revision())


@command("product")  # XML command=product&model= (line 1674), REST product/<model> (line 1731)
def product_one(request, params, model, api):
    product = _known(model)
    return {"PRODUCTS": {"PRODUCT": [product_item(product, api, extended=True, revision=current_revision(),
                                                     wrap_cdata=api == "rest")]}}


@command("pending")  # XML command=pending (line 1427), REST pending (line 1457)
def pending(request, params, argument, api):
    return pending_reply(api)


# --- control endpoints for tests (sandbox only; no InnoCigs call, so no reference) -----------------------------

def _json(request):
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@require_POST
@endpoint("innocigs", "control")
def control_stock_clock(request):
    """Freezes or restarts the stock clock and moves it on: {"frozen": true|false, "advance": ticks}."""
    data = _json(request)
    if data is None or not isinstance(data.get("advance", 0), int) or data.get("advance", 0) < 0:
        return JsonResponse({"error": 'expected {"frozen": true|false, "advance": ticks ≥ 0}'}, status=400)
    with state.lock:
        store = state.store("innocigs")
        if "frozen" in data:
            store["catalogue_frozen"] = bool(data["frozen"])
        store["catalogue_tick"] = store.get("catalogue_tick", 0) + data.get("advance", 0)
        return JsonResponse({"tick": store["catalogue_tick"], "frozen": store.get("catalogue_frozen", False)})


@require_POST
@endpoint("innocigs", "control")
def control_revision(request):
    """Moves prices and products to the next revision: about one product in twenty changes price and name."""
    with state.lock:
        store = state.store("innocigs")
        store["catalogue_revision"] = store.get("catalogue_revision", 0) + 1
        return JsonResponse({"revision": store["catalogue_revision"]})


# The frame's urlpatterns are read after this module is imported, so the control URLs join them here.
urlpatterns.extend([
    path("_control/stock_clock", control_stock_clock),
    path("_control/revision", control_revision),
])
