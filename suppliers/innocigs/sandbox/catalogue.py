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

from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from backoffice.sandbox import state
from backoffice.sandbox.common import endpoint

from .api import InnocigsFault, command, urlpatterns
from .items import (
    pending_reply,
    price_item,
    prices_reply,
    product_item,
    products_reply,
    quantity,
    stock_item,
    stock_reply,
)
from .products import _by_model

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
