import pytest

import orders.innocigs.admin  # noqa: F401  (registers the read-only admin until orders/admin.py imports it)
from suppliers.models import Product

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


@pytest.fixture(autouse=True)
def shop_sender(settings):
    settings.SHOP_SENDER = dict(SENDER)
    settings.INNOCIGS_API = "rest"
    settings.INNOCIGS_TEST_MODE = False
    return settings.SHOP_SENDER


@pytest.fixture
def products(db):
    return {model: Product.objects.create(model=model, name=model, stock_quantity=stock)
            for model, stock in PRODUCTS.items()}


@pytest.fixture(params=["rest", "xml"])
def api(request, settings):
    settings.INNOCIGS_API = request.param
    return request.param
