"""Talking to InnoCigs over either API: authentication, test mode, and the top-level ERRORS block.

The client sends both catalogue and order calls through this, so both APIs behave the same.
"""

import requests
from django.conf import settings

from backoffice.errors import PartnerResponseError, PartnerUnavailable
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import is_html_page, json_body, raise_for_transport, unreadable
from backoffice.safexml import UnsafeXMLError, iter_elements, parse_xml

from . import json_feed
from .errors import error_from_issues
from .json_feed import read_feed
from .shapes import element_issues, error_issues

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

    def _rest_headers(self):
        headers = {"Auth": f"{self.cid}:{self.password}", "Accept": "application/json"}
        if self.test_mode:
            headers["modus"] = "test"
        return headers

    def _xml_form(self, command, params):
        form = {"cid": self.cid, "auth": self.password, "command": command, **params}
        if self.test_mode:
            form["modus"] = "test"
        return form

    def _xml_query(self):
        """Test mode goes in the URL query, where the reference's example puts it ("Test-Modus onTheFly":
        `apiv2.php?...&modus=test`), as well as in the body."""
        return {"modus": "test"} if self.test_mode else None

    def rest(self, method, path, *, operation, json=None, related=None, headers=None) -> dict:
        """A REST call; returns the JSON object, or raises the typed error of a top-level ERRORS block.
        `headers` adds command parameters InnoCigs takes as headers (e.g. `shipping` of a standard order)."""
        response = self.http.send(method, f"{REST_PATH}/{path}", operation=operation,
                                  headers={**self._rest_headers(), **(headers or {})}, json=json, related=related)
        raise_for_transport(response, PARTNER, write=method != "GET")
        data = json_body(response, PARTNER)
        if not isinstance(data, dict):
            raise PartnerResponseError("InnoCigs sent JSON of an unexpected shape.", partner=PARTNER,
                                       code="malformed_reply")
        raise_for_errors(error_issues(data))
        return data

    def xml(self, command, *, operation, read_only=True, related=None, **params):
        """An XML API call, credentials in the POST body; returns the root element."""
        response = self.http.send("POST", XML_PATH, operation=operation, params=self._xml_query(),
                                  data=self._xml_form(command, params), read_only=read_only, related=related)
        raise_for_transport(response, PARTNER, write=not read_only)
        if is_html_page(response) or not response.content.strip():  # a maintenance page may even parse as XML
            raise unreadable(response, PARTNER, "XML")
        try:
            root = parse_xml(response.content)
        except UnsafeXMLError as exc:
            raise PartnerResponseError(str(exc), partner=PARTNER, code="malformed_reply") from None
        raise_for_errors(element_issues(root.findall("ERRORS")))
        return root

    def rest_feed(self, path, *, operation, container, item="PRODUCT"):
        """A large REST feed (GET), parsed while it arrives: yields each `item` of `container` (json_feed.py),
        so memory stays flat however many there are. Numbers with a fraction are exact Decimals; the audit keeps
        no copy of a body this size. Raises the typed error of a top-level ERRORS block, PartnerResponseError
        for a reply that is not JSON or has no `container`, PartnerUnavailable for one cut off."""
        response = self.http.send("GET", f"{REST_PATH}/{path}", operation=operation, headers=self._rest_headers(),
                                  stream=True)
        try:
            raise_for_transport(response, PARTNER)
            found, reader = read_feed(response.iter_content(65536), container=container, item=item,
                                      raise_for_errors=raise_for_errors)
            yield from found
        except json_feed.NOT_JSON:
            snippet = reader.head.decode("utf-8", "replace").strip() or "an empty body"
            raise PartnerResponseError(
                f"Expected JSON from {PARTNER} (HTTP {response.status_code}) but got: {snippet!r}",
                partner=PARTNER, code="malformed_reply",
            ) from None
        except json_feed.UnexpectedShape:
            raise PartnerResponseError("InnoCigs sent JSON of an unexpected shape.", partner=PARTNER,
                                       code="malformed_reply") from None
        except requests.RequestException:
            raise PartnerUnavailable("The reply was cut off before it was complete.", partner=PARTNER,
                                     code="network") from None
        finally:
            response.close()

    def xml_stream(self, command, *, operation, container, item="PRODUCT", **params):
        """A large XML feed, parsed while it arrives: yields each `item` element (freed after use), so memory
        stays flat however many there are. Raises the typed error of an ERRORS block, and
        PartnerResponseError when the reply has no `container` (an empty feed must be said, not implied)."""
        response = self.http.send("POST", XML_PATH, operation=operation, params=self._xml_query(),
                                  data=self._xml_form(command, params), read_only=True, stream=True)
        try:
            raise_for_transport(response, PARTNER)
            seen_container = False
            for element in iter_elements(response.iter_content(65536), (item, "ERRORS", container)):
                if element.tag == "ERRORS":
                    raise_for_errors(element_issues([element]))
                elif element.tag == container:
                    seen_container = True
                else:
                    yield element
            if not seen_container:
                raise PartnerResponseError(f"The reply to {command} has no {container} block.", partner=PARTNER,
                                           code="malformed_reply", field=container)
        except UnsafeXMLError as exc:
            raise PartnerResponseError(str(exc), partner=PARTNER, code="malformed_reply") from None
        except requests.RequestException:
            raise PartnerUnavailable("The reply was cut off before it was complete.", partner=PARTNER,
                                     code="network") from None
        finally:
            response.close()


def raise_for_errors(issues):
    if issues:
        raise error_from_issues(list(issues))
