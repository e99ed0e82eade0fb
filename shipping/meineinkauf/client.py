"""The MeinEinkauf.ch client: Basic auth as user `api`, JSON in and out, typed results."""

from dataclasses import dataclass

from django.conf import settings

from backoffice.errors import (
    PartnerAuthError,
    PartnerIssue,
    PartnerResponseError,
    PartnerUnavailable,
    PartnerValidationError,
)
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import json_body, raise_for_transport

PARTNER = "meineinkauf"


@dataclass(frozen=True)
class Echo:
    echo: str
    test_mode: bool


def parse_errors(data) -> list[PartnerIssue]:
    errors = data.get("errors") if isinstance(data, dict) else None
    return [
        PartnerIssue(str(e.get("code", "")), str(e.get("message", "")), str(e.get("property", "") or ""))
        for e in (errors if isinstance(errors, list) else [])
        if isinstance(e, dict)
    ]


class MeinEinkaufClient:
    def __init__(self, *, api_key, http: PartnerHTTP):
        self.api_key = api_key
        self.http = http

    @classmethod
    def from_settings(cls):
        return cls(api_key=settings.MEINEINKAUF_API_KEY, http=PartnerHTTP(partner_config(PARTNER)))

    def _send(self, method, path, *, operation, **kwargs):
        response = self.http.send(
            method, path, operation=operation, auth=("api", self.api_key),
            headers={"Accept": "application/json"}, **kwargs,
        )
        if response.status_code == 401:
            issues = parse_errors(json_body(response, PARTNER))
            code = issues[0].code if issues else "http_401"
            raise PartnerAuthError(
                "API key refused" + (f": {issues[0].message}" if issues else "") + ". Check MEINEINKAUF_API_KEY.",
                partner=PARTNER, code=code, issues=issues,
            )
        if response.status_code == 400:
            # The doc: 400 means a wrong endpoint or method; the order itself was not judged, so keep it.
            raise PartnerUnavailable(
                "MeinEinkauf answered 400 (endpoint or method not accepted); the request is kept for a later try.",
                partner=PARTNER, code="http_400",
            )
        raise_for_transport(response, PARTNER)
        data = json_body(response, PARTNER)
        if response.status_code == 422:
            issues = parse_errors(data) or [PartnerIssue("", "Order data refused")]
            raise PartnerValidationError(
                "; ".join(str(i) for i in issues), partner=PARTNER, code=issues[0].code, issues=issues
            )
        if not isinstance(data, dict):
            raise PartnerResponseError("MeinEinkauf sent JSON of an unexpected shape.", partner=PARTNER)
        return data

    def echo(self, text="backoffice") -> Echo:
        data = self._send("GET", f"echo/{text}", operation="echo")
        return Echo(str(data.get("echo", "")), bool(data.get("testMode", False)))


def check_connection():
    echo = MeinEinkaufClient.from_settings().echo()
    return "echo answered" + (" (test key: testMode)" if echo.test_mode else " (live key)")
