"""The toy courier's client: builds its one request and reads its reply; no ORM."""

from dataclasses import dataclass

from backoffice.errors import PartnerIssue, PartnerResponseError
from backoffice.partner_http import PartnerHTTP

from .partner import config


@dataclass(frozen=True)
class Booking:
    reference: str
    booking_id: str = ""
    issues: tuple[PartnerIssue, ...] = ()


def book(reference, *, city, parcels) -> Booking:
    response = PartnerHTTP(config()).send("POST", "bookings", operation="book",
                                          json={"reference": reference, "city": city, "parcels": parcels})
    body = response.json()
    if response.status_code == 422:
        return Booking(reference, issues=tuple(PartnerIssue(e["code"], e["message"]) for e in body["errors"]))
    if response.status_code != 201:
        raise PartnerResponseError(f"the toy courier answered {response.status_code}", partner="toy")
    return Booking(reference, booking_id=body["id"])


def find(reference) -> Booking | None:
    response = PartnerHTTP(config()).send("GET", f"bookings/{reference}", operation="find")
    if response.status_code == 404:
        return None
    return Booking(reference, booking_id=response.json()["id"])


def check_connection():
    PartnerHTTP(config()).send("GET", "ping", operation="check")
    return "The toy courier answers."
