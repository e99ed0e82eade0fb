"""Small builders of orders and their partner records for the orders tests."""

from datetime import date, timedelta

from django.utils import timezone

from orders.models import Address, Order, OrderEvent, OrderLine, Submission
from shipping.models import Shipment
from suppliers.models import Product


def address(**overrides):
    fields = {"first_name": "Jane", "last_name": "Doe", "street": "Teststr.", "house_number": "23",
              "postcode": "22761", "city": "Hamburg", "country": "DE", **overrides}
    return Address.objects.create(**fields)


def product(model="IC10000L10-TE-3", stock=12, **overrides):
    return Product.objects.create(model=model, name=f"Product {model}", stock_quantity=stock,
                                  shipping_status="Sofort lieferbar", **overrides)


def order(number, *, route="innocigs", lines=1, placed_at=date(2026, 11, 20), status=Order.Status.READY,
          submission_state="", email="", first_name="Jane", last_name="Doe", country="DE", sku="SKU-{i}",
          product=None, **fields):
    shipping = address(first_name=first_name, last_name=last_name, country=country)
    order = Order.objects.create(number=number, placed_at=placed_at, route=route, status=status,
                                 submission_state=submission_state, email=email, shipping_address=shipping, **fields)
    for i in range(lines):
        OrderLine.objects.create(order=order, sku=sku.format(i=i), quantity=1, unit_price="9.90", product=product)
    return order


def submission(order, *, state, partner=None, attempt=1, **fields):
    if state == Submission.State.SENDING:  # a sender's claim: its lease runs ten minutes from the claim
        fields.setdefault("sending_since", timezone.now())
        fields.setdefault("lease_until", fields["sending_since"] + timedelta(minutes=10))
    created = Submission.objects.create(order=order, partner=partner or order.route, attempt=attempt, state=state,
                                        reference=order.number, created_by="user:alice", **fields)
    OrderEvent.objects.create(order=order, submission=created, from_state="", to_state=state, actor="user:alice")
    Order.objects.filter(pk=order.pk).update(submission_state=state)
    return created


def shipment(order, code, *, url="", carrier="DHL", partner=None, **fields):
    return Shipment.objects.create(order=order, partner=partner or order.route, carrier=carrier, tracking_code=code,
                                   tracking_url=url, state_changed_at=timezone.now(), **fields)
