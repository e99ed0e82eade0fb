"""The Innoship client: `X-Api-Key` and `api-version: 1.0` on every call, replies read case-insensitively."""

from dataclasses import dataclass

from django.conf import settings

from backoffice.casefold import ci_get
from backoffice.errors import PartnerAuthError, PartnerIssue, PartnerValidationError
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import json_body, raise_for_transport

PARTNER = "innoship"


@dataclass(frozen=True)
class Courier:
    courier_id: int
    name: str


def parse_errors(data) -> list[PartnerIssue]:
    """Innoship errors come as {errors: [{message, details}]} or as a list of {context, message}."""
    items = data if isinstance(data, list) else ci_get(data, "errors", default=[]) or []
    if isinstance(items, dict):
        items = [items]
    issues = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            field = str(ci_get(item, "context", "field", default="") or "")
            message = ci_get(item, "message", default="") or ci_get(item, "details", default="") or ""
            issues.append(PartnerIssue("", str(message), field))
        elif item:
            issues.append(PartnerIssue("", str(item)))
    return issues


class InnoshipClient:
    def __init__(self, *, api_key, http: PartnerHTTP):
        self.api_key = api_key
        self.http = http

    @classmethod
    def from_settings(cls):
        return cls(api_key=settings.INNOSHIP_API_KEY, http=PartnerHTTP(partner_config(PARTNER)))

    def _headers(self):
        return {"X-Api-Key": self.api_key, "api-version": "1.0", "Accept": "application/json"}

    def _reply(self, response):
        if response.status_code == 400:
            issues = parse_errors(json_body(response, PARTNER)) or [PartnerIssue("", "Request refused")]
            raise PartnerValidationError(
                "; ".join(str(i) for i in issues), partner=PARTNER, code="400", issues=issues
            )
        raise_for_transport(response, PARTNER)
        if response.status_code >= 400:
            raise PartnerAuthError(f"Innoship answered HTTP {response.status_code}.", partner=PARTNER,
                                   code=f"http_{response.status_code}")
        return json_body(response, PARTNER)

    def couriers(self) -> list[Courier]:
        response = self.http.send("GET", "api/Courier", operation="couriers", headers=self._headers())
        data = self._reply(response)
        return [
            Courier(int(ci_get(c, "courierId", "id", default=0) or 0), str(ci_get(c, "name", default="")))
            for c in (data if isinstance(data, list) else [])
            if isinstance(c, dict)
        ]


def check_connection():
    couriers = InnoshipClient.from_settings().couriers()
    return f"{len(couriers)} couriers: " + ", ".join(c.name for c in couriers[:5])
