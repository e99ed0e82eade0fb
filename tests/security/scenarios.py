"""Partner data for the security tests, made through the real services against the sandbox.

Every builder runs as "user:setup", so what a test then does is told apart from what its set-up did.
"""

import json

import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backoffice.actors import acting_as
from backoffice.sandbox import state
from orders.models import Order, Submission
from orders.services.submissions import orders_submit
from orders.zonos.models import ZonosOrder
from orders.zonos.services import zonos_reconcile
from shipping.meineinkauf.models import MeinEinkaufOrder, MeinEinkaufReturn
from shipping.meineinkauf.returns import returns_sync
from suppliers.models import Product
from tests.shipping.innoship.conftest import make_order as innoship_order
from tests.shipping.meineinkauf.conftest import make_order as meineinkauf_order
from tests.suppliers.innocigs import factories as innocigs
from tests.support import control_headers

SETUP = "user:setup"


def configure(settings, base):
    """What the shop configures besides each partner's address and credentials (the `sandbox` fixture's job)."""
    settings.SHOP_SENDER = dict(innocigs.SENDER)
    settings.INNOCIGS_API = "rest"
    settings.INNOSHIP_LOCATION = "hamburg-1"
    settings.INNOSHIP_VALIDATE_FIRST = False
    meineinkauf_control(base, "clock", stepSeconds=0)  # MeinEinkauf orders move only when a test says so


def meineinkauf_control(base, name, **data):
    response = requests.post(f"{base}/meineinkauf/v1/_control/{name}", json=data, headers=control_headers(), timeout=10)
    response.raise_for_status()
    return response.json()


def innocigs_ready(number="IC1001"):
    for model, stock in innocigs.PRODUCTS.items():
        Product.objects.get_or_create(model=model, defaults={"name": model, "stock_quantity": stock})
    return innocigs.make_order(number)


def innoship_ready(number="IS1001"):
    return innoship_order(number)


def meineinkauf_ready(number="CH1001"):
    return meineinkauf_order(number)


def submitted(order, partner):
    with acting_as(SETUP):
        [result] = orders_submit(orders=[order], partner=partner, actor=SETUP)
    assert result.state == Submission.State.ACCEPTED, result
    return order


def innocigs_unknown(number="IC2001"):
    """An order whose dropship reached InnoCigs without a reply; InnoCigs has shipped it, so its tracking
    settles it."""
    order = innocigs_ready(number)
    innocigs.sandbox_holds(number)
    with state.lock:
        innocigs.sandbox_book()["dropships"][number]["ship_at"] = timezone.now()
    return innocigs.unknown_submission(order)


def innocigs_awaiting_decision(number="IC2002"):
    """An unknown dropship InnoCigs' data cannot settle: a person decides whether InnoCigs got it."""
    submission = innocigs.unknown_submission(innocigs_ready(number))
    Submission.objects.filter(pk=submission.pk).update(needs_person=True)
    return submission


def innoship_booked(number="IS2001"):
    return submitted(innoship_ready(number), "innoship").shipments.get()


def meineinkauf_registered(number="CH2001"):
    return MeinEinkaufOrder.objects.get(order=submitted(meineinkauf_ready(number), "meineinkauf"))


def meineinkauf_returned(base, number="CH3001"):
    record = meineinkauf_registered(number)
    meineinkauf_control(base, "advance", orderNumber=number, steps=4)
    reference = meineinkauf_control(base, "returns", orderNumber=number, items=[
        {"articleNumber": "IC10000L10-TE-3", "reason": "damaged", "state": "unused"}])["reference"]
    returns_sync(actor=SETUP)
    return MeinEinkaufReturn.objects.get(reference=reference, order=record.order)


def zonos_reconciled():
    """The sandbox's demo Zonos orders, known to the shop by a reconciliation."""
    with acting_as(SETUP):
        zonos_reconcile(actor=SETUP)
    return {z.zonos_id: z for z in ZonosOrder.objects.all()}


def zonos_missing():
    return zonos_reconciled()["999-10001"]


def zonos_unconfirmed():
    """A Zonos order imported here whose Zonos record lacks our number."""
    zonos = zonos_missing()
    address = innocigs_ready("Z-ADDR").shipping_address
    Order.objects.create(number="Z999-10001", placed_at=zonos.placed_at, route="innocigs", shipping_address=address,
                         zonos_order_id=zonos.zonos_id)
    return zonos


def import_checked(number="IMP1001"):
    """The token of an upload the import page checked: what "Import these orders" posts."""
    from orders.admin_import import upload_store

    return upload_store(name="orders.json", content=import_file(number).read(), actor="user:someone")


def import_file(number="IMP1001"):
    order = {"number": number, "placed_at": "2026-11-20", "route": "innocigs",
             "shipping_address": {"first_name": "Jane", "last_name": "Doe", "street": "Teststr.",
                                  "house_number": "23", "postcode": "22761", "city": "Hamburg", "country": "DE"},
             "lines": [{"sku": "IC10000L10-TE-3", "quantity": 1, "unit_price": "12.50"}]}
    return SimpleUploadedFile("orders.json", json.dumps({"orders": [order]}).encode(), "application/json")
