import zlib
from datetime import date
from decimal import Decimal

import pytest
import requests

from backoffice.partner_http import session_for
from orders.models import Address, Order, OrderLine
from shipping.models import Shipment
from tests.support import control_headers

LINE = {"sku": "IC10000L10-TE-3", "name": "Liquid Tabak 10 ml", "quantity": 2, "unit_price": Decimal("12.50"),
        "vat_rate": Decimal("19"), "weight_grams": 120, "ean": "4260123456789", "country_of_origin": "DE"}
PLACES = {"CH": ("8005", "Zürich"), "LI": ("9490", "Vaduz")}


def make_address(country="CH", **fields):
    postcode, city = PLACES.get(country, ("22761", "Hamburg"))
    values = {"first_name": "Erika", "last_name": "Muster", "street": "Musterstrasse", "house_number": "28a",
              "postcode": postcode, "city": city, "country": country, **fields}
    return Address.objects.create(**values)


def make_order(number="CH1001", *, country="CH", billing=None, lines=None, to_hub=True, **fields):
    """A Swiss order; with `to_hub`, its parcel to MeinEinkauf's hub has shipped (the first leg is done)."""
    values = {"placed_at": date(2026, 11, 20), "route": "meineinkauf", "currency": "CHF", "payment_type": "paypal",
              "shipping_cost": Decimal("9.90"), "email": "erika@example.ch", "phone": "+41711234567", **fields}
    order = Order.objects.create(number=number, shipping_address=make_address(country),
                                 billing_address=make_address(**billing) if billing is not None else None, **values)
    for line in lines if lines is not None else [LINE]:
        OrderLine.objects.create(order=order, **line)
    if to_hub:
        Shipment.objects.create(order=order, partner="innocigs", carrier="DHL",
                                tracking_code=f"0034043416{zlib.crc32(number.encode()):010d}")
    return order


class Control:
    """Drives the emulated MeinEinkauf through its control calls, over HTTP like everything else."""

    def __init__(self, base):
        self.base = f"{base}/meineinkauf/v1/_control"

    def __call__(self, name, **data):
        response = requests.post(f"{self.base}/{name}", json=data, headers=control_headers(), timeout=10)
        assert response.status_code < 300, response.text
        return response.json()


@pytest.fixture
def control(sandbox):
    control = Control(sandbox)
    control("clock", stepSeconds=0)  # orders move only when a test says so
    yield control
    # Close the client's kept-alive connection now, so the live server's thread serving it ends while the
    # server (and its shared test database connection) still runs, not after the session has torn it down.
    session_for("meineinkauf").close()
