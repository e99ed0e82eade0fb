import sys
import types
from dataclasses import dataclass, field
from datetime import date

import pytest

from backoffice.partner_http import PartnerConfig, PartnerHTTP, session_for
from orders.models import Address, Order
from orders.zonos.client import ZonosClient

BASE = "https://zonos.test"
SECRET = "unit-test-zonos-secret"


@pytest.fixture(autouse=True)
def close_zonos_connections():
    """Closes the kept-alive connections to the sandbox after each test, so the live server's request
    threads end while it still shares the in-memory SQLite connection with them."""
    yield
    session_for("zonos").close()


@pytest.fixture
def zonos_client(monkeypatch):
    """A client against a stubbed host; retries of read-only calls do not sleep."""
    monkeypatch.setattr("backoffice.partner_http.time.sleep", lambda seconds: None)
    return ZonosClient(store="999", secret=SECRET, http=PartnerHTTP(PartnerConfig("zonos", BASE, (1.0, 1.0),
                                                                                  secrets=(SECRET,))))


def shop_order(number, zonos_order_id="", **fields):
    """A shop order as the import would have made it (fields: status, submission_state, …)."""
    address = Address.objects.create(first_name="Jane", last_name="Doe", street="Main Street", house_number="123",
                                     postcode="62701", city="Springfield", country="US")
    return Order.objects.create(number=number, placed_at=date(2026, 11, 20), route="innocigs",
                                shipping_address=address, zonos_order_id=zonos_order_id, **fields)


@dataclass
class Report:
    created: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    errors: list = field(default_factory=list)


class StandInImport:
    """Stands in for orders.services.importing (built in parallel): creates the order the payload describes,
    or answers as told, and remembers every call."""

    def __init__(self):
        self.calls = []
        self.answer = None  # e.g. ("errors", {"number": …, "field": …, "message": …})

    def orders_import(self, *, payload, actor, dry_run=False):
        self.calls.append({"payload": payload, "actor": actor, "dry_run": dry_run})
        report = Report()
        for order in payload["orders"]:
            if self.answer:
                getattr(report, self.answer[0]).append(self.answer[1])
            elif Order.objects.filter(number=order["number"]).exists():
                report.unchanged.append(order["number"])
            else:
                address = Address.objects.create(**order["shipping_address"])
                Order.objects.create(number=order["number"], placed_at=order["placed_at"], route=order["route"],
                                     shipping_address=address, zonos_order_id=order["zonos_order_id"],
                                     discount=order.get("discount", "0.00"))
                report.created.append(order["number"])
        return report


@pytest.fixture
def stand_in_import(monkeypatch):
    importer = StandInImport()
    module = types.ModuleType("orders.services.importing")
    module.orders_import = importer.orders_import
    monkeypatch.setitem(sys.modules, "orders.services.importing", module)
    return importer
