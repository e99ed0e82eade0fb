"""What Innoship's replies become: frozen dataclasses, read by replies.py."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from backoffice.errors import PartnerIssue

from .statuses import courier_name


@dataclass(frozen=True)
class Courier:
    courier_id: int
    name: str


@dataclass(frozen=True)
class Price:
    amount: Decimal
    vat: Decimal
    total: Decimal
    currency: str


@dataclass(frozen=True)
class Booking:
    """A courier booking: Innoship's order id, the courier's AWB and what the booking costs."""

    client_order_id: str
    awb: str
    courier_id: int
    track_page_url: str = ""
    price: Price | None = None
    delivery_date: date | None = None
    barcodes: tuple[str, ...] = ()
    external_order_id: str = ""
    status_id: int | None = None
    # The extra services as booked, "including any changes from Rules" (doc, reply field table: Extra).
    # As (service, value) pairs, value a bool, an amount or a text.
    extra: tuple[tuple[str, bool | Decimal | str], ...] = ()

    @property
    def courier_name(self):
        return courier_name(self.courier_id)


@dataclass(frozen=True)
class Validation:
    valid: bool
    issues: tuple[PartnerIssue, ...] = ()


@dataclass(frozen=True)
class Label:
    awb: str
    content: bytes
    label_format: str

    @property
    def filename(self):
        return f"label-{self.awb}-{self.label_format}.pdf"


@dataclass(frozen=True)
class TrackEvent:
    status_id: int
    description: str
    occurred_at: datetime
    final: bool = False
    locality: str = ""


@dataclass(frozen=True)
class Tracking:
    """Where one AWB is: its current status and every status event the courier reported."""

    awb: str
    courier_id: int
    status_id: int | None
    events: tuple[TrackEvent, ...] = ()
    track_url: str = ""
    external_order_id: str = ""
    return_awb: str = ""


@dataclass(frozen=True)
class Cancellation:
    awb: str
    courier_id: int
    message: str = ""
