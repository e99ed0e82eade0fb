"""Talking to InnoCigs over either API: authentication, test mode, and the top-level ERRORS block.

The catalogue client and the dropship client both send through this, so both APIs behave the same.
"""

from django.conf import settings

from backoffice.errors import PartnerIssue, PartnerResponseError
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import is_html_page, json_body, raise_for_transport, unreadable
from backoffice.safexml import UnsafeXMLError, parse_xml

from .errors import error_from_issues

PARTNER = "innocigs"
XML_PATH = "xmlapi/apiv2.php"
REST_PATH = "restapi"


class InnocigsTransport:
    def __init__(self, *, api, cid, password, test_mode, http: PartnerHTTP):
        self.api = api
        self.cid = cid
        self.password = password
        self.test_mode = test_mode
        self.http = http

    @classmethod
    def from_settings(cls, **overrides):
        options = {
            "api": settings.INNOCIGS_API, "cid": settings.INNOCIGS_CID, "password": settings.INNOCIGS_PASSWORD,
            "test_mode": settings.INNOCIGS_TEST_MODE, "http": PartnerHTTP(partner_config(PARTNER)),
        }
        return cls(**{**options, **overrides})

    def rest(self, method, path, *, operation, json=None, related=None) -> dict:
        """A REST call; returns the JSON object, or raises the typed error of a top-level ERRORS block."""
        headers = {"Auth": f"{self.cid}:{self.password}", "Accept": "application/json"}
        if self.test_mode:
            headers["modus"] = "test"
        response = self.http.send(method, f"{REST_PATH}/{path}", operation=operation, headers=headers, json=json,
                                  related=related)
        raise_for_transport(response, PARTNER, write=method != "GET")
        data = json_body(response, PARTNER)
        if not isinstance(data, dict):
            raise PartnerResponseError("InnoCigs sent JSON of an unexpected shape.", partner=PARTNER,
                                       code="malformed_reply")
        raise_for_errors(rest_issues(data))
        return data

    def xml(self, command, *, operation, read_only=True, related=None, **params):
        """An XML API call, credentials in the POST body; returns the root element."""
        form = {"cid": self.cid, "auth": self.password, "command": command, **params}
        if self.test_mode:
            form["modus"] = "test"
        response = self.http.send("POST", XML_PATH, operation=operation, data=form, read_only=read_only,
                                  related=related)
        raise_for_transport(response, PARTNER, write=not read_only)
        if is_html_page(response) or not response.content.strip():  # a maintenance page may even parse as XML
            raise unreadable(response, PARTNER, "XML")
        try:
            root = parse_xml(response.content)
        except UnsafeXMLError as exc:
            raise PartnerResponseError(str(exc), partner=PARTNER, code="malformed_reply") from None
        raise_for_errors(xml_issues(root))
        return root


def rest_issues(data) -> list[PartnerIssue]:
    block = data.get("ERRORS") if isinstance(data, dict) else None
    errors = block.get("ERROR") if isinstance(block, dict) else None
    if isinstance(errors, dict):
        errors = [errors]
    return [
        PartnerIssue(str(e.get("CODE", "")).strip(), str(e.get("MESSAGE", "")).strip())
        for e in errors or []
        if isinstance(e, dict)
    ]


def xml_issues(element) -> list[PartnerIssue]:
    """The ERRORS directly below `element` (the root, or one DROPSHIP of a reply)."""
    return [
        PartnerIssue((e.findtext("CODE") or "").strip(), (e.findtext("MESSAGE") or "").strip())
        for e in element.findall("ERRORS/ERROR")
    ]


def raise_for_errors(issues):
    if issues:
        raise error_from_issues(issues)
