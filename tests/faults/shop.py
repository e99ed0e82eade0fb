"""Valid orders for each partner, and the shop settings they need, for the fault matrix."""

from datetime import date
from decimal import Decimal

from orders.models import Address, Order, OrderLine
from shipping.models import Shipment
from suppliers.models import Product

ACTOR = "user:fault-matrix"
SHOP_SENDER = {
    "company": "Dampfwerk Versand GmbH", "first_name": "Max", "last_name": "Mustermann",
    "street": "Musterstrasse 10", "postcode": "22761", "city": "Hamburg", "country": "DE",
    "email": "versand@example.com", "phone": "+49 40 1234567",
}
SHOP_SETTINGS = {
    "SHOP_SENDER": SHOP_SENDER,
    "INNOCIGS_TEST_MODE": False,
    "INNOSHIP_LOCATION": "hamburg-1",
    "INNOSHIP_SERVICE_ID": 1,
    "INNOSHIP_VALIDATE_FIRST": False,
}
# Articles the sandbox's InnoCigs stocks; the shop's catalogue must know them too.
INNOCIGS_ARTICLES = {"12M100L10-BG-0": 220, "IC10000AIO-10": 155}


def catalogue():
    for model, stock in INNOCIGS_ARTICLES.items():
        Product.objects.get_or_create(model=model, defaults={"name": model, "stock_quantity": stock})


def _order(number, route, address, **fields):
    return Order.objects.create(number=number, placed_at=date(2026, 11, 20), route=route,
                                shipping_address=Address.objects.create(**address), **fields)


def innocigs_order(number):
    catalogue()
    order = _order(number, "innocigs", {"first_name": "Jane", "last_name": "Doe", "street": "Teststr.",
                                        "house_number": "23", "postcode": "22761", "city": "Hamburg",
                                        "country": "DE"}, email="jane@example.com", birthday=date(1989, 6, 23))
    OrderLine.objects.create(order=order, sku="12M100L10-BG-0", quantity=2, unit_price="12.50")
    return order


def innoship_order(number):
    order = _order(number, "innoship", {"first_name": "Jane", "last_name": "Doe", "street": "Teststr.",
                                        "house_number": "23", "postcode": "22761", "city": "Hamburg",
                                        "country": "DE"}, phone="+49 40 123456", email="jane@example.com")
    OrderLine.objects.create(order=order, sku="SKU-1", name="Liquid", quantity=2, unit_price="9.90",
                             weight_grams=300)
    return order


def meineinkauf_order(number):
    order = _order(number, "meineinkauf", {"first_name": "Erika", "last_name": "Muster", "street": "Musterstrasse",
                                           "house_number": "28a", "postcode": "8005", "city": "Zürich",
                                           "country": "CH"},
                   currency="CHF", payment_type="paypal", shipping_cost=Decimal("9.90"), email="erika@example.ch",
                   phone="+41711234567")
    OrderLine.objects.create(order=order, sku="IC10000L10-TE-3", name="Liquid Tabak 10 ml", quantity=2,
                             unit_price=Decimal("12.50"), vat_rate=Decimal("19"), weight_grams=120,
                             ean="4260123456789", country_of_origin="DE")
    # The first leg is done: InnoCigs' parcel is on its way to the hub, so the registration may go.
    Shipment.objects.create(order=order, partner="innocigs", carrier="DHL", tracking_code=f"HUB-{number}")
    return order


def swiss_first_leg_order(number):
    """A Swiss order before its first leg: InnoCigs is to ship its goods to MeinEinkauf's hub."""
    catalogue()
    order = _order(number, "meineinkauf", {"first_name": "Erika", "last_name": "Muster", "street": "Musterstrasse",
                                           "house_number": "28a", "postcode": "8005", "city": "Zürich",
                                           "country": "CH"},
                   currency="CHF", payment_type="paypal", email="erika@example.ch", phone="+41711234567")
    OrderLine.objects.create(order=order, sku="IC10000AIO-10", name="Pod Kit", quantity=1,
                             unit_price=Decimal("24.90"), vat_rate=Decimal("19"), weight_grams=150)
    return order


ORDER_BUILDERS = {"innocigs": innocigs_order, "innoship": innoship_order, "meineinkauf": meineinkauf_order,
                  "swiss first leg": swiss_first_leg_order}
