from datetime import date

import pytest

from backoffice.partner_http import session_for
from orders.models import Address, Order, OrderLine
from shipping.innoship.models import CourierOptions
from shipping.innoship.sandbox import api as sandbox_innoship


def make_order(number, *, phone="+49 40 123456", fixed_location_id="", cod="0.00", weights=(120, 300), **fields):
    """An order on route innoship with a German home address and lines of the given weights (None: unknown)."""
    address = Address.objects.create(**{
        "first_name": "Jane", "last_name": "Doe", "street": "Teststr.", "house_number": "23", "postcode": "22761",
        "city": "Hamburg", "country": "DE", **fields.pop("address", {}),
    })
    options = {name: fields.pop(name) for name in CourierOptions.FIELDS if name in fields}
    order = Order.objects.create(
        number=number, placed_at=date(2026, 11, 20), route="innoship", shipping_address=address, phone=phone,
        email="jane@example.com", cash_on_delivery=cod, **fields,
    )
    CourierOptions.objects.create(order=order, fixed_location_id=fixed_location_id, **options)
    for i, grams in enumerate(weights):
        OrderLine.objects.create(order=order, sku=f"SKU-{i}", name=f"Liquid {i}", quantity=2, unit_price="9.90",
                                 weight_grams=grams)
    order.refresh_from_db()
    return order


@pytest.fixture
def innoship(sandbox, settings):
    """The sandbox with Innoship configured as the shop would have it."""
    settings.INNOSHIP_LOCATION = "hamburg-1"
    settings.INNOSHIP_SERVICE_ID = 1
    settings.INNOSHIP_LABEL_FORMAT = "A6"
    settings.INNOSHIP_VALIDATE_FIRST = False
    yield sandbox_innoship
    # Close kept-alive connections while the live server still runs: its handler threads end now, not after
    # the server (and its shared test database connection) is gone.
    session_for("innoship").close()


@pytest.fixture
def offline(settings):
    """Innoship at an address `responses` stubs, for unit tests of the client."""
    settings.INNOSHIP_BASE_URL = "https://innoship.test"
    settings.INNOSHIP_API_KEY = "unit-test-key"
    settings.INNOSHIP_LOCATION = "hamburg-1"
    return "https://innoship.test"
