"""The InnoCigs client, through either API, as typed results: the catalogue (products, stock, prices and
backorders) and the orders (dropship, standard order, tracking and delivery notes).

It sends through InnocigsTransport (authentication, test mode, the top-level ERRORS block). Both APIs give the
same results: each XML reply is converted to the REST dict shape (`element_to_dict`) and read by the same
parser (parse.py for the catalogue, orders.py for orders). Full feeds are iterators, parsed while they
stream in over either API. A model InnoCigs does not know (an empty reply, or codes 30003-30006) comes
back as None, never as a crash. Which top-level codes mean "nothing was processed" and which mean "InnoCigs may
already have it" is decided here, so callers only see typed errors.
"""

from collections.abc import Iterator
from datetime import date
from urllib.parse import quote

from backoffice.errors import PartnerError, PartnerOutcomeUnknown

from . import build
from . import parse_orders as orders
from .errors import UNKNOWN_PRODUCT
from .parse import (
    BackorderInfo,
    PriceInfo,
    ProductInfo,
    StockLevel,
    parse_backorder,
    parse_prices,
    parse_product,
    parse_stock,
)
from .parse_feed import stock_from_element
from .shapes import element_to_dict, items
from .transport import InnocigsTransport

__all__ = ["BackorderInfo", "InnocigsClient", "PriceInfo", "ProductInfo", "StockLevel", "check_connection"]


# InnoCigs may already hold the order or request these codes refer to: only its own data can tell.
ALREADY_RECEIVED = frozenset({"20000", "20011"})
# The account's sender is invalid ("Fehlercodes": 10005,10006 "Ungültiger Versender", dropship and order): every
# dropship of the request carries the same sender, so none of them was placed.
ACCOUNT_LEVEL = frozenset({"10005", "10006"})
# Codes that refuse the whole request (login, XML, account, limits, access): nothing was processed.
BATCH_LEVEL = frozenset({"10000", "10001", "10007", "10008", "50000", "50001", "50003", "50004"}) | ACCOUNT_LEVEL
CARRIERS = ("DHL", "UPS")


def _unknown_if_received(exc: PartnerError):
    """A top-level 20000/20011 means InnoCigs may have acted on this request before: not a plain refusal."""
    if exc.code in ALREADY_RECEIVED:
        return PartnerOutcomeUnknown(
            f"InnoCigs may already have this: {exc.message}", partner="innocigs", code=exc.code, issues=exc.issues
        )
    return exc


class InnocigsClient:
    def __init__(self, transport: InnocigsTransport):
        self.transport = transport

    @classmethod
    def from_settings(cls, **overrides):
        return cls(InnocigsTransport.from_settings(**overrides))

    @property
    def api(self):
        return self.transport.api

    # --- one model -----------------------------------------------------------------------------------------

    def stock(self, model) -> StockLevel | None:
        """The stock of one model; None when InnoCigs does not know it."""
        return self._one(model, "quantity", "QUANTITIES", "stock", parse_stock)

    def price(self, model) -> PriceInfo | None:
        """The price, graduated prices and other units of one model; None when InnoCigs does not know it."""
        return self._one(model, "price", "PRICES", "price", parse_prices)

    def product(self, model) -> ProductInfo | None:
        """The extended catalogue entry of one model (with description); None when InnoCigs does not know it."""
        return self._one(model, "product", "PRODUCTS", "product", parse_product)

    def _one(self, model, command, container, operation, parse):
        try:
            if self.api == "rest":
                path = f"{command}/{quote(str(model).strip(), safe='')}"
                found = items(self.transport.rest("GET", path, operation=operation), container, "PRODUCT")
            else:
                root = self.transport.xml(command, operation=operation, model=model)
                found = [element_to_dict(e) for e in root.iterfind(f"{container}/PRODUCT")]
        except PartnerError as exc:
            if exc.code in UNKNOWN_PRODUCT:
                return None
            raise
        parsed = [parse(item) for item in found]
        # A reply naming another model answers a question that was not asked: the model is unknown.
        return next((p for p in parsed if p.model.casefold() == str(model).strip().casefold()), None)

    # --- full feeds ----------------------------------------------------------------------------------------

    def stock_all(self) -> Iterator[StockLevel]:
        return self._feed("quantity_all", "quantity_all", "QUANTITIES", "stock_all", parse_stock,
                          from_element=stock_from_element)

    def prices_all(self) -> Iterator[PriceInfo]:
        return self._feed("prices", "prices", "PRICES", "prices_all", parse_prices)

    def products(self, *, extended=False) -> Iterator[ProductInfo]:
        kind = "extended" if extended else "normal"
        return self._feed(f"products/{kind}", "products", "PRODUCTS", f"products_{kind}", parse_product,
                          type=kind)

    def pending(self) -> list[BackorderInfo]:
        """The shop's ordered items that InnoCigs has not shipped yet."""
        return list(self._feed("pending", "pending", "PENDINGS", "pending", parse_backorder))

    def _feed(self, rest_path, command, container, operation, parse, *, from_element=None, **params):
        """Yields each item of a full feed, parsed. `from_element`: a fast reader of the XML item, where one exists."""
        if self.api == "rest":
            for item in self.transport.rest_feed(rest_path, operation=operation, container=container):
                yield parse(item)
        else:
            read = from_element or (lambda element: parse(element_to_dict(element)))
            for element in self.transport.xml_stream(command, operation=operation, container=container, **params):
                yield read(element)

    # --- orders -------------------------------------------------------------------------------------------

    def dropship(self, dropships: list[build.DropshipRequest], *, related=None) -> list[orders.DropshipResult]:
        """Places dropships: all in one XML request, or exactly one per REST request."""
        try:
            if self.api == "rest":
                if len(dropships) != 1:
                    raise ValueError("The REST API takes exactly one dropship per request.")
                data = self.transport.rest("POST", "dropship", operation="dropship",
                                           json=build.dropship_json(dropships[0]), related=related)
                return orders.dropship_results(data)
            root = self.transport.xml("dropship", operation="dropship", read_only=False, related=related,
                                      xml=build.dropships_xml(dropships))
            return orders.dropship_results(element_to_dict(root))
        except PartnerError as exc:
            raise _unknown_if_received(exc) from None

    def standard_order(self, order: build.StandardOrderRequest, *, carrier="", related=None) -> orders.OrderResult:
        """Places one standard order; `carrier` (DHL or UPS) is optional, InnoCigs ships DHL without it."""
        if carrier and carrier not in CARRIERS:
            raise ValueError(f"InnoCigs ships standard orders with {' or '.join(CARRIERS)}, not {carrier!r}.")
        try:
            if self.api == "rest":
                data = self.transport.rest("POST", "order", operation="order", json=build.standard_order_json(order),
                                           related=related, headers={"shipping": carrier} if carrier else None)
                return orders.order_result(data)
            extra = {"shipping": carrier} if carrier else {}
            root = self.transport.xml("order", operation="order", read_only=False, related=related,
                                      xml=build.standard_order_xml(order), **extra)
            return orders.order_result(element_to_dict(root))
        except PartnerError as exc:
            raise _unknown_if_received(exc) from None

    def tracking_by_day(self, day: date) -> orders.Tracking:
        if self.api == "rest":
            return orders.tracking(self.transport.rest("GET", f"tracking/{day:%Y-%m-%d}", operation="tracking"))
        root = self.transport.xml("tracking", operation="tracking", day=f"{day:%Y-%m-%d}")
        return orders.tracking(element_to_dict(root))

    def tracking_by_order(self, orders_number: str) -> orders.Tracking:
        if self.api == "rest":
            data = self.transport.rest("GET", f"tracking-order/{quote(orders_number, safe='')}",
                                       operation="tracking_order")
            return orders.tracking(data)
        root = self.transport.xml("tracking", operation="tracking_order", order=orders_number)
        return orders.tracking(element_to_dict(root))

    def delivery_notes(self, day: date) -> list[orders.DeliveryNoteData]:
        if self.api == "rest":
            return orders.delivery_notes(self.transport.rest("GET", f"delivery/{day:%Y-%m-%d}", operation="delivery"))
        root = self.transport.xml("delivery", operation="delivery", day=f"{day:%Y-%m-%d}")
        return orders.delivery_notes(element_to_dict(root))


CHECK_MODEL = "12M100L10-BG-0"


def check_connection():
    client = InnocigsClient.from_settings()
    level = client.stock(CHECK_MODEL)
    if level is None:
        return f"{client.api.upper()} API answers; {CHECK_MODEL} is unknown there"
    return f"{client.api.upper()} API answers; stock of {CHECK_MODEL}: {level.quantity}"


def orders_client(*, test_mode=None) -> InnocigsClient:
    """The client as configured; `test_mode` fixes test mode for this client (e.g. a submission's own)."""
    return InnocigsClient.from_settings(**({} if test_mode is None else {"test_mode": test_mode}))
