"""The InnoCigs catalogue client: stock, prices and products through either API, as typed results."""

from dataclasses import dataclass

from backoffice.errors import PartnerError, PartnerResponseError
from backoffice.storable import storable

from .errors import UNKNOWN_PRODUCT
from .transport import InnocigsTransport


@dataclass(frozen=True)
class StockLevel:
    model: str
    quantity: int
    shipping_status: str = ""


class InnocigsClient:
    def __init__(self, transport: InnocigsTransport):
        self.transport = transport

    @classmethod
    def from_settings(cls, **overrides):
        return cls(InnocigsTransport.from_settings(**overrides))

    @property
    def api(self):
        return self.transport.api

    def stock(self, model) -> list[StockLevel]:
        if self.api == "rest":
            data = self.transport.rest("GET", f"quantity/{model}", operation="stock")
            block = data.get("QUANTITIES")
            products = block.get("PRODUCT") if isinstance(block, dict) else None
            products = products if isinstance(products, list) else [products]
            return [_stock(p.get("PRODUCTS_MODEL"), p.get("QUANTITY"), p.get("SHIPPING_STATUS"))
                    for p in products if isinstance(p, dict)]
        root = self.transport.xml("quantity", operation="stock", model=model)
        return [
            _stock(p.findtext("PRODUCTS_MODEL"), p.findtext("QUANTITY"), p.findtext("SHIPPING_STATUS"))
            for p in root.iterfind("QUANTITIES/PRODUCT")
        ]


def _stock(model, quantity, status):
    try:
        return StockLevel(storable(str(model or "").strip()), int(str(quantity).strip()),
                          storable(str(status or "").strip()))
    except ValueError:
        raise PartnerResponseError(
            f"Stock of {model!r} is not a whole number: {quantity!r}", partner="innocigs", field="QUANTITY"
        ) from None


CHECK_MODEL = "12M100L10-BG-0"


def check_connection():
    client = InnocigsClient.from_settings()
    try:
        levels = client.stock(CHECK_MODEL)
    except PartnerError as exc:
        if exc.code in UNKNOWN_PRODUCT:
            return f"{client.api.upper()} API answers; {CHECK_MODEL} is unknown there"
        raise
    quantity = levels[0].quantity if levels else "?"
    return f"{client.api.upper()} API answers; stock of {CHECK_MODEL}: {quantity}"
