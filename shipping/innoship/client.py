"""The Innoship client: `X-Api-Key` and `api-version: 1.0` on every call, replies read case-insensitively.

Endpoints, from the doc (`innoship-order-api.txt`) and Innoship's public spec and official plugins:
- `POST api/Order` books a courier; `POST api/Order/validate` is the same check without booking;
- `GET api/Label/by-courier/{courierId}/awb/{awb}` is the label (PDF, A4 or A6);
- `POST api/Track/by-awb/with-return` tracks up to 200 AWBs of one courier;
- `DELETE api/Order/{courierId}/awb/{awb}` cancels a booking;
- `GET api/Courier/All` lists the couriers (what the official SDK and plugins call);
- `GET api/Order?externalOrderId=…` looks a booking up by our order number (see `bookings_for`).
"""


from django.conf import settings

from backoffice import coerce
from backoffice.casefold import ci_get
from backoffice.errors import (
    PartnerAuthError,
    PartnerIssue,
    PartnerOutcomeUnknown,
    PartnerResponseError,
    PartnerValidationError,
)
from backoffice.partner_http import PartnerHTTP
from backoffice.partners import partner_config
from backoffice.replies import json_body, raise_for_transport

from .payout import payout_warning
from .remote import Booking, Cancellation, Courier, Label, Tracking, Validation
from .replies import PARTNER, _has_json_errors, _int, parse_booking, parse_errors, parse_tracking
from .statuses import courier_name

TRACK_BATCH = 200  # Innoship's limit of AWBs per tracking call
LABEL_FORMATS = ("A4", "A6")


# --- the client ----------------------------------------------------------------------------------------------

class InnoshipClient:
    def __init__(self, *, api_key, http: PartnerHTTP):
        self.api_key = api_key
        self.http = http

    @classmethod
    def from_settings(cls):
        return cls(api_key=settings.INNOSHIP_API_KEY, http=PartnerHTTP(partner_config(PARTNER)))

    def _headers(self, accept="application/json"):
        return {"X-Api-Key": self.api_key, "api-version": "1.0", "Accept": accept}

    def _send(self, method, path, *, operation, related=None, accept="application/json", **kwargs):
        return self.http.send(method, path, operation=operation, headers=self._headers(accept), related=related,
                              **kwargs)

    @staticmethod
    def _refusal(response):
        issues = parse_errors(json_body(response, PARTNER)) or [PartnerIssue("", "Request refused")]
        return PartnerValidationError("; ".join(str(i) for i in issues), partner=PARTNER,
                                      code=str(response.status_code), issues=issues)

    def _check(self, response, *, books=False):
        """Turns an error status into a typed error; `books` marks the call that may have booked a courier."""
        status = response.status_code
        if status in (400, 422):
            raise self._refusal(response)
        if status in (404, 405):
            if _has_json_errors(response):
                raise self._refusal(response)
            raise PartnerAuthError(
                f"Innoship answered HTTP {status} for {response.request.path_url.split('?')[0]}: check "
                "INNOSHIP_BASE_URL.", partner=PARTNER, code=f"http_{status}",
            )
        if books and status >= 500 and status != 503:
            # A server error after a booking request may come after the courier booked it: reconcile.
            raise PartnerOutcomeUnknown(
                f"Innoship answered HTTP {status} to the booking; it may have booked it.", partner=PARTNER,
                code=f"http_{status}",
            )
        raise_for_transport(response, PARTNER)
        if status >= 400:
            raise PartnerResponseError(f"Innoship answered HTTP {status}.", partner=PARTNER, code=f"http_{status}")
        return response

    def book(self, payload, *, related=None) -> Booking:
        """Books a courier: one POST, never retried (a retry could pay for a second label)."""
        response = self._check(self._send("POST", "api/Order", operation="book", json=payload, related=related),
                               books=True)
        return parse_booking(json_body(response, PARTNER))

    def validate(self, payload, *, related=None) -> Validation:
        """Innoship's own check of a booking request; books nothing, so it may be retried."""
        response = self._send("POST", "api/Order/validate", operation="validate", json=payload, related=related,
                              read_only=True)
        if response.status_code in (400, 422):
            return Validation(False, self._refusal(response).issues)
        self._check(response)
        return Validation(True)

    def label(self, courier_id, awb, *, label_format="A6", related=None) -> Label:
        if label_format not in LABEL_FORMATS:
            raise ValueError(f"Label format must be one of {LABEL_FORMATS}.")
        response = self._send(
            "GET", f"api/Label/by-courier/{courier_id}/awb/{awb}", operation="label", related=related,
            params={"type": "PDF", "format": label_format, "useFile": "true"}, accept="application/pdf",
        )
        self._check(response)
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/pdf" or not response.content.startswith(b"%PDF-"):
            raise PartnerResponseError(
                f"Innoship sent {content_type or 'no content type'} instead of a PDF label for AWB {awb}.",
                partner=PARTNER, code="not_pdf",
            )
        return Label(awb=str(awb), content=response.content, label_format=label_format)

    def track(self, courier_id, awbs) -> list[Tracking]:
        """The tracking of the given AWBs of one courier, in calls of at most 200 AWBs."""
        found = []
        awbs = list(awbs)
        for start in range(0, len(awbs), TRACK_BATCH):
            batch = awbs[start : start + TRACK_BATCH]
            response = self._send("POST", "api/Track/by-awb/with-return", operation="track", read_only=True,
                                  json={"courier": courier_id, "awbList": batch})
            data = json_body(self._check(response), PARTNER)
            if not isinstance(data, list):
                raise PartnerResponseError("Innoship's tracking reply is not a list.", partner=PARTNER,
                                           code="malformed_reply")
            found.extend(t for t in map(parse_tracking, data) if t is not None)
        return found

    def cancel(self, courier_id, awb, *, related=None) -> Cancellation:
        response = self._check(self._send("DELETE", f"api/Order/{courier_id}/awb/{awb}", operation="cancel",
                                          related=related))
        data = json_body(response, PARTNER) if response.content.strip() else {}
        return Cancellation(awb=str(awb), courier_id=int(courier_id), message=coerce.text(ci_get(data, "message")))

    def couriers(self) -> list[Courier]:
        data = json_body(self._check(self._send("GET", "api/Courier/All", operation="couriers")), PARTNER)
        couriers = []
        for item in data if isinstance(data, list) else []:
            courier_id = _int(ci_get(item, "courierId", "id"))
            if courier_id is not None:
                name = ci_get(item, "courierDisplayName", "courierName", "name", default="") or ""
                couriers.append(Courier(courier_id, coerce.text(name) or courier_name(courier_id)))
        return couriers

    def bookings_for(self, external_order_id, *, related=None) -> list[Booking]:
        """Every booking Innoship holds for one of our order numbers (its externalOrderId).

        Innoship's public documents describe no such lookup; this follows its REST shape and is isolated here.
        Only a 200 with a list counts as an answer: an empty list means Innoship has no booking, anything else
        raises, so a missing endpoint can never pass for "not booked".
        """
        response = self._send("GET", "api/Order", operation="lookup", related=related,
                              params={"externalOrderId": external_order_id})
        data = json_body(self._check(response), PARTNER)
        if isinstance(data, dict):
            data = ci_get(data, "items", "orders", "data")
        if not isinstance(data, list):
            raise PartnerResponseError("Innoship's order lookup did not answer with a list.", partner=PARTNER,
                                       code="malformed_reply")
        bookings = [parse_booking(item) for item in data]
        if any(not b.external_order_id for b in bookings):
            raise PartnerResponseError("Innoship's order lookup does not say which order each booking is for.",
                                       partner=PARTNER, code="malformed_reply")
        return [b for b in bookings if b.external_order_id == str(external_order_id)]


def check_connection():
    couriers = InnoshipClient.from_settings().couriers()
    detail = f"{len(couriers)} couriers: " + ", ".join(c.name for c in couriers[:5])
    warning = payout_warning()
    return f"{detail}. {warning}" if warning else detail
