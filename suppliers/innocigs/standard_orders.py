"""Standard orders: restocking at InnoCigs to the shop's own address (InnoCigs' `order` command).

A restock is an `orders.Order` on the route `innocigs_restock` (its number, lines and the shop's address) with a
`Restock` for its carrier. It goes through the one submission lifecycle like every order (claim committed before
the call, `unknown` until reconciled, swept when its sender died); the InnoCigs adapter sends it with the `order`
command instead of `dropship` (suppliers.innocigs.restock).
"""

import dataclasses
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from orders.adapters import Problem
from orders.models import Address, Order, OrderLine, Submission
from orders.services.submissions import orders_submit
from suppliers.innocigs.models import RESTOCK_ROUTE, Restock
from suppliers.models import Product

from .client import CARRIERS
from .fields import SENDER_FIELDS, party_problems, sender_party, unsendable_character


class StandardOrderInvalid(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def restock_receiver():
    """The shop itself, from SHOP_SENDER_*: InnoCigs' RECEIVER has no telephone."""
    return dataclasses.replace(sender_party(), TELEPHONE="")


def standard_order_problems(*, lines, carrier="", number="") -> list[Problem]:
    """What stops a restock of `lines` ((article number, quantity) pairs); the lifecycle asks again before
    sending, without `number`, whose uniqueness only matters when it is created."""
    problems = party_problems(restock_receiver(), SENDER_FIELDS)
    if carrier and carrier not in CARRIERS:
        problems.append(Problem("carrier", N_("%(carrier)s is not offered; InnoCigs ships with %(carriers)s") % {
            "carrier": carrier, "carriers": " or ".join(CARRIERS)}))
    if number and (unsendable_character(number) is not None or len(number) > 64):
        problems.append(Problem("number", N_("at most 64 characters and no control characters")))
    if number and Order.objects.filter(number=number).exists():
        problems.append(Problem("number", N_("%(number)s is already used by another order") % {"number": number}))
    if not lines:
        problems.append(Problem("lines", N_("at least one article is needed")))
    known = {p.model: p for p in Product.objects.filter(model__in=[sku for sku, _ in lines])}
    for index, (sku, quantity) in enumerate(lines):
        if not sku or unsendable_character(sku) is not None:
            problems.append(Problem(f"lines[{index}].sku", N_("%(sku)s is not an article number") % {"sku": repr(sku)}))
        elif sku not in known or not known[sku].active:
            problems.append(Problem(f"lines[{index}].sku", N_("the article is not in the InnoCigs catalogue"),
                                    line=sku))
        if quantity < 1:
            problems.append(Problem(f"lines[{index}].quantity",
                                    N_("quantity must be at least 1 (it is %(quantity)s)") % {"quantity": quantity},
                                    line=sku if sku and unsendable_character(sku) is None else ""))
    return problems


def restock_problems(order) -> list[Problem]:
    """The lifecycle's check of a restock order (adapter.problems)."""
    restock = Restock.objects.filter(order=order).first()
    return standard_order_problems(lines=[(line.sku, line.quantity) for line in order.lines.all()],
                                   carrier=restock.carrier if restock else "")


def _shop_address() -> Address:
    shop = {key: value.strip() for key, value in settings.SHOP_SENDER.items()}
    return Address.objects.create(company=shop["company"], first_name=shop["first_name"],
                                  last_name=shop["last_name"], street=shop["street"], postcode=shop["postcode"],
                                  city=shop["city"], country=shop["country"][:2].upper())


def standard_order_create(*, lines, actor, carrier="", number="") -> Restock:
    """A new restock, ready to send. `lines` are (article number, quantity). Raises StandardOrderInvalid."""
    lines = [(sku.strip(), quantity) for sku, quantity in lines]
    problems = standard_order_problems(lines=lines, carrier=carrier, number=number)
    if problems:
        raise StandardOrderInvalid(problems)
    products = {p.model: p for p in Product.objects.filter(model__in=[sku for sku, _ in lines])}
    with transaction.atomic():
        order = Order.objects.create(number=number or f"new-{uuid.uuid4().hex}", placed_at=timezone.localdate(),
                                     route=RESTOCK_ROUTE, shipping_address=_shop_address())
        restock = Restock.objects.create(order=order, carrier=carrier, created_by=actor)
        if not number:
            order.number = f"RESTOCK-{restock.pk:06d}"
            order.save(update_fields=["number"])
        OrderLine.objects.bulk_create(
            OrderLine(order=order, sku=sku, product=products.get(sku), quantity=quantity, unit_price=0)
            for sku, quantity in lines
        )
    return restock


def standard_order_send(*, standard_order, actor) -> Restock:
    """Sends a restock that was never sent, or is still waiting as `ready` (after maintenance), through the
    lifecycle; one already sent, refused or unknown is left as it is (reconcile settles an unknown one)."""
    submission = standard_order.submission
    if submission is None or submission.state == Submission.State.READY:
        orders_submit(orders=[standard_order.order], partner="innocigs", actor=actor)
    return Restock.objects.select_related("order").get(pk=standard_order.pk)
