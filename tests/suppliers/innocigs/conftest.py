import pytest

from suppliers.models import Product

from .factories import PRODUCTS, SENDER, close_partner_sessions  # noqa: F401  (autouse)


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

