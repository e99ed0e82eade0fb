"""What MeinEinkauf.ch's replies become: frozen dataclasses, read by replies.py."""

from dataclasses import dataclass
from datetime import date, datetime

Extra = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Echo:
    echo: str
    test_mode: bool


@dataclass(frozen=True)
class Registration:
    id: int
    test_mode: bool


@dataclass(frozen=True)
class FileRef:
    """A file MeinEinkauf lists (an invoice or a label); the doc gives its name, type and size, no address."""

    name: str
    mime_type: str = ""
    extension: str = ""
    size: int | None = None


@dataclass(frozen=True)
class Tracking:
    carrier: str
    tracking_number: str
    label: FileRef | None = None


@dataclass(frozen=True)
class StateChange:
    state: str
    changed_at: datetime | None
    changed_text: str = ""  # as it came, for when it could not be read as a time


@dataclass(frozen=True)
class Article:
    id: int | None
    article_number: str
    external_id: str = ""
    name: str = ""
    payload: str = ""


@dataclass(frozen=True)
class Item:
    id: int | None
    reference: str
    article: Article
    reason: str = ""
    state: str = ""
    extra: Extra = ()


@dataclass(frozen=True)
class Storage:
    cause: str = ""
    check_in: datetime | None = None
    solution: str = ""
    check_out: datetime | None = None


@dataclass(frozen=True)
class Consignment:
    reference: str
    external_id: str = ""
    tracking: Tracking | None = None
    gas: Tracking | None = None
    gas_labels: tuple[Tracking, ...] = ()
    items: tuple[Item, ...] = ()
    storage: Storage | None = None
    customer_invoice: FileRef | None = None
    extra: Extra = ()


@dataclass(frozen=True)
class RemoteOrder:
    id: int
    order_number: str
    processing_state: str
    external_id: str = ""
    created: datetime | None = None
    order_date: date | None = None
    history: tuple[StateChange, ...] = ()
    state_changed_at: datetime | None = None
    consignments: tuple[Consignment, ...] = ()
    extra: Extra = ()

    @property
    def changed(self):
        return self.state_changed_at or self.created


@dataclass(frozen=True)
class OrderRef:
    id: int | None
    order_number: str
    external_id: str = ""


@dataclass(frozen=True)
class Tour:
    id: int | None
    mrn_de: str = ""
    mrn_ch: str = ""
    transfer_date: date | None = None


@dataclass(frozen=True)
class RemoteReturn:
    id: int
    reference: str
    processing_state: str
    order: OrderRef
    created: datetime | None = None
    history: tuple[StateChange, ...] = ()
    state_changed_at: datetime | None = None
    items: tuple[Item, ...] = ()
    tour: Tour | None = None
    tracking: Tracking | None = None
    extra: Extra = ()

    @property
    def changed(self):
        return self.state_changed_at or self.created


@dataclass(frozen=True)
class Page:
    items: tuple
    count: int
    limit: int
    offset: int
    unreadable: int = 0  # entries so malformed (no id) that they could not be kept
