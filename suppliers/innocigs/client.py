"""The InnoCigs client: both APIs (REST with JSON, XML by POST), one set of typed results."""

from dataclasses import dataclass

from django.conf import settings

from backoffice.errors import PartnerError, PartnerIssue, PartnerResponseError
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import json_body, raise_for_transport
from backoffice.safexml import UnsafeXMLError, parse_xml

from .errors import UNKNOWN_PRODUCT, error_from_issues

XML_PATH = "xmlapi/apiv2.php"
REST_PATH = "restapi"


@dataclass(frozen=True)
class StockLevel:
    model: str
    quantity: int
    shipping_status: str = ""


class InnocigsClient:
    def __init__(self, *, api, cid, password, test_mode, http: PartnerHTTP):
        self.api = api
        self.cid = cid
        self.password = password
        self.test_mode = test_mode
        self.http = http

    @classmethod
    def from_settings(cls):
        return cls(
            api=settings.INNOCIGS_API, cid=settings.INNOCIGS_CID, password=settings.INNOCIGS_PASSWORD,
            test_mode=settings.INNOCIGS_TEST_MODE, http=PartnerHTTP(partner_config("innocigs")),
        )

    def stock(self, model) -> list[StockLevel]:
        if self.api == "rest":
            data = self._rest(f"quantity/{model}", operation="stock")
            products = ((data.get("QUANTITIES") or {}).get("PRODUCT")) or []
            products = products if isinstance(products, list) else [products]
            return [_stock(p.get("PRODUCTS_MODEL"), p.get("QUANTITY"), p.get("SHIPPING_STATUS")) for p in products]
        root = self._xml("quantity", operation="stock", model=model)
        return [
            _stock(p.findtext("PRODUCTS_MODEL"), p.findtext("QUANTITY"), p.findtext("SHIPPING_STATUS"))
            for p in root.iterfind("QUANTITIES/PRODUCT")
        ]

    def _rest(self, path, *, operation):
        headers = {"Auth": f"{self.cid}:{self.password}", "Accept": "application/json"}
        if self.test_mode:
            headers["modus"] = "test"
        response = self.http.send("GET", f"{REST_PATH}/{path}", operation=operation, headers=headers)
        raise_for_transport(response, "innocigs")
        data = json_body(response, "innocigs")
        if not isinstance(data, dict):
            raise PartnerResponseError("InnoCigs sent JSON of an unexpected shape.", partner="innocigs")
        errors = (data.get("ERRORS") or {}).get("ERROR") if isinstance(data.get("ERRORS"), dict) else None
        if errors:
            errors = errors if isinstance(errors, list) else [errors]
            raise error_from_issues(
                [PartnerIssue(str(e.get("CODE", "")).strip(), str(e.get("MESSAGE", "")).strip()) for e in errors]
            )
        return data

    def _xml(self, command, *, operation, **params):
        form = {"cid": self.cid, "auth": self.password, "command": command, **params}
        if self.test_mode:
            form["modus"] = "test"
        response = self.http.send("POST", XML_PATH, operation=operation, data=form, read_only=True)
        raise_for_transport(response, "innocigs")
        try:
            root = parse_xml(response.content)
        except UnsafeXMLError as exc:
            raise PartnerResponseError(str(exc), partner="innocigs", code="malformed_reply") from None
        errors = root.findall("ERRORS/ERROR")
        if errors:
            raise error_from_issues(
                [PartnerIssue((e.findtext("CODE") or "").strip(), (e.findtext("MESSAGE") or "").strip())
                 for e in errors]
            )
        return root


def _stock(model, quantity, status):
    try:
        return StockLevel(str(model or "").strip(), int(str(quantity).strip()), str(status or "").strip())
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
