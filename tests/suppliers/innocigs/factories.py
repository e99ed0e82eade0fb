"""Orders and sandbox views shared by the InnoCigs tests."""

from datetime import date

import pytest

from backoffice.sandbox import state
from orders.models import Address, Order, OrderLine, Submission
from tests.support import control_headers

SENDER = {
    "company": "Dampfwerk Versand GmbH", "first_name": "Max", "last_name": "Mustermann",
    "street": "Musterstrasse 10", "postcode": "22761", "city": "Hamburg", "country": "DE",
    "email": "versand@example.com", "phone": "+49 40 1234567",
}
# Local catalogue: what the shop believes. The sandbox's own stock decides at InnoCigs.
PRODUCTS = {
    "12M100L10-BG-0": 220,
    "IC10000AIO-10": 155,
    "IC10000L10-TE-3": 40,
    "AS100AMZ": 5,  # stale: InnoCigs has none (30001)
    "LOCAL-ONLY-1": 9,  # InnoCigs does not know it (30003)
}


def make_order(number, *, lines=(("12M100L10-BG-0", 2),), email="jane@example.com", birthday=date(1989, 6, 23),
               **address):
    fields = {"company": "", "first_name": "Jane", "last_name": "Doe", "street": "Teststr.", "house_number": "23",
              "address_line2": "", "postcode": "22761", "city": "Hamburg", "country": "DE", **address}
    order = Order.objects.create(number=number, placed_at=date(2026, 11, 20), route="innocigs", email=email,
                                 birthday=birthday, shipping_address=Address.objects.create(**fields))
    for sku, quantity in lines:
        OrderLine.objects.create(order=order, sku=sku, quantity=quantity, unit_price="12.50")
    return order


def make_restock(number, *, state="", orders_id="", lines=(("12M100L10-BG-0", 2),)):
    """A restock (an order on the route innocigs_restock) whose one submission is in `state` ("": never sent)."""
    from suppliers.innocigs.models import RESTOCK_ROUTE, Restock

    order = make_order(number, lines=lines, email="", birthday=None, company=SENDER["company"])
    Order.objects.filter(pk=order.pk).update(route=RESTOCK_ROUTE, submission_state=state,
                                             partner_reference=orders_id if state == "accepted" else "")
    if state:
        Submission.objects.create(order=order, partner="innocigs", reference=number, state=state,
                                  partner_reference=orders_id, created_by="test")
    return Restock.objects.create(order=order, created_by="test")


def sandbox_book():
    """The sandbox's InnoCigs order book (see suppliers.innocigs.sandbox.dropship)."""
    from suppliers.innocigs.sandbox.dropship import orders_state

    with state.lock:
        return orders_state()


def dropship_requests():
    return sandbox_book()["dropship_requests"]


def sandbox_holds(number, *, dropship_id=77):
    """Makes the sandbox hold a dropship `number`, as if an earlier request's reply had been lost."""
    from django.utils import timezone

    from suppliers.innocigs.sandbox.dropship import SHIP_AFTER

    with state.lock:
        sandbox_book()["dropships"][number] = {
            "number": number, "dropship_id": dropship_id, "orders_id": dropship_id * 100,
            "receiver": {"FIRSTNAME": "Jane", "LASTNAME": "Doe"}, "products": [],
            "ship_at": timezone.now() + SHIP_AFTER, "shipped": None, "cancelled": None,
        }


def unknown_submission(order, *, test_mode=False):
    """A submission whose request may have reached InnoCigs without a reply."""
    from orders.models import Submission

    submission = Submission.objects.create(order=order, partner="innocigs", reference=order.number,
                                           state=Submission.State.UNKNOWN, test_mode=test_mode, created_by="test")
    Order.objects.filter(pk=order.pk).update(submission_state=submission.state)
    return submission


def ship_now(live_server_url):
    """Asks the sandbox to ship every placed dropship and standard order now."""
    import requests

    response = requests.post(f"{live_server_url}/innocigs/_control/ship", headers=control_headers(), timeout=10)
    response.raise_for_status()
    return response.json()["shipped"]


@pytest.fixture(autouse=True)
def close_partner_sessions():
    """Closes kept-alive connections to the live server before the test's database goes away, so no server
    thread closes a connection it shares with a finished test."""
    yield
    from backoffice.partner_http import session_for

    session_for("innocigs").close()
