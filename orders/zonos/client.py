"""The Zonos / iGlobal client: JSON POST; an {"error": ...} body under HTTP 200 is an error."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from backoffice.errors import PartnerAuthError, PartnerError, PartnerResponseError
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import json_body, raise_for_transport

PARTNER = "zonos"


@dataclass(frozen=True)
class OrderNumber:
    order_id: str
    placed_at: str
    test_order: bool
    status: str = ""
    status_date: str = ""
    merchant_order_id: str = ""


def error_from_body(error) -> PartnerError:
    text = str(error.get("message", error) if isinstance(error, dict) else error)
    if any(word in text.lower() for word in ("secret", "credential", "auth", "store")):
        return PartnerAuthError(f"Zonos refused the credentials: {text}. Check ZONOS_STORE_ID and ZONOS_SECRET.",
                                partner=PARTNER, code="auth")
    return PartnerError(f"Zonos: {text}", partner=PARTNER, code="error")


class ZonosClient:
    def __init__(self, *, store, secret, http: PartnerHTTP):
        self.store = store
        self.secret = secret
        self.http = http

    @classmethod
    def from_settings(cls):
        return cls(store=settings.ZONOS_STORE_ID, secret=settings.ZONOS_SECRET,
                   http=PartnerHTTP(partner_config(PARTNER)))

    def _post(self, path, payload, *, operation, read_only=True):
        body = {"store": self.store, "secret": self.secret, **payload}
        response = self.http.send(
            "POST", path, operation=operation, json=body, read_only=read_only,
            headers={"Accept": "application/json", "Content-Type": "application/json"},
        )
        raise_for_transport(response, PARTNER)
        data = json_body(response, PARTNER)
        if isinstance(data, dict) and data.get("error"):
            raise error_from_body(data["error"])
        if not isinstance(data, dict):
            raise PartnerResponseError("Zonos sent JSON of an unexpected shape.", partner=PARTNER)
        return data

    def order_numbers(self, *, since_date: date) -> list[OrderNumber]:
        data = self._post("v1/orderNumbers", {"sinceDate": since_date.strftime("%Y%m%d"), "statuses": True},
                          operation="orderNumbers")
        return [
            OrderNumber(str(o.get("id", "")), str(o.get("timestamp", "")), bool(o.get("testOrder")),
                        str(o.get("status", "") or ""), str(o.get("statusDate", "") or ""),
                        str(o.get("merchantOrderId", "") or ""))
            for o in data.get("orders") or []
            if isinstance(o, dict)
        ]


def check_connection():
    orders = ZonosClient.from_settings().order_numbers(since_date=date.today())
    return f"{len(orders)} orders today"
