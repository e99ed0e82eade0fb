"""The InnoCigs catalogue client: products, stock, prices and backorders through either API, as typed results.

Both APIs give the same results: each XML item is converted to the REST dict shape and parsed by the same
per-item parser (see parse.py). Full feeds are iterators, so the XML API's can be parsed while they stream in.
A model InnoCigs does not know (an empty reply, or codes 30003-30006) comes back as None, never as a crash.
"""

from collections.abc import Iterator
from urllib.parse import quote

from backoffice.errors import PartnerError

from .errors import UNKNOWN_PRODUCT
from .parse import (
    BackorderInfo,
    Malformed,
    PriceInfo,
    ProductInfo,
    StockLevel,
    element_to_dict,
    items,
    parse_backorder,
    parse_prices,
    parse_product,
    parse_stock,
)
from .transport import InnocigsClientBase

__all__ = ["BackorderInfo", "InnocigsClient", "PriceInfo", "ProductInfo", "StockLevel", "check_connection"]


class InnocigsClient(InnocigsClientBase):
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
        return self._feed("quantity_all", "quantity_all", "QUANTITIES", "stock_all", parse_stock)

    def prices_all(self) -> Iterator[PriceInfo]:
        return self._feed("prices", "prices", "PRICES", "prices_all", parse_prices)

    def products(self, *, extended=False) -> Iterator[ProductInfo]:
        kind = "extended" if extended else "normal"
        return self._feed(f"products/{kind}", "products", "PRODUCTS", f"products_{kind}", parse_product,
                          type=kind)

    def pending(self) -> list[BackorderInfo]:
        """The shop's ordered items that InnoCigs has not shipped yet."""
        return list(self._feed("pending", "pending", "PENDINGS", "pending", parse_backorder))

    def _feed(self, rest_path, command, container, operation, parse, **params):
        if self.api == "rest":
            data = self.transport.rest_feed(rest_path, operation=operation)
            if not _has_key(data, container):
                raise Malformed(f"the reply has no {container} block", field=container)
            for item in items(data, container, "PRODUCT"):
                yield parse(item)
        else:
            for element in self.transport.xml_stream(command, operation=operation, container=container, **params):
                yield parse(element_to_dict(element))


def _has_key(data, key):
    return any(k.casefold() == key.casefold() for k in data)


CHECK_MODEL = "12M100L10-BG-0"


def check_connection():
    client = InnocigsClient.from_settings()
    level = client.stock(CHECK_MODEL)
    if level is None:
        return f"{client.api.upper()} API answers; {CHECK_MODEL} is unknown there"
    return f"{client.api.upper()} API answers; stock of {CHECK_MODEL}: {level.quantity}"
