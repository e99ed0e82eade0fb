"""Standard orders: restocking at InnoCigs to the shop's own address (InnoCigs' `order` command).

Sent exactly once: the claim from `ready` to `sending` is committed before the call; a call that may have
arrived without a reply leaves the order `unknown`, which only a delivery note naming it settles.
"""

import dataclasses
import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backoffice.errors import PartnerError, PartnerOutcomeUnknown, PartnerResponseError
from orders.adapters import Problem
from suppliers.innocigs import errors as innocigs_errors
from suppliers.innocigs.models import StandardOrder, StandardOrderLine
from suppliers.models import Product

from .build import Line, StandardOrderRequest
from .client import ALREADY_RECEIVED, BATCH_LEVEL, CARRIERS, orders_client
from .fields import SENDER_FIELDS, party_problems, sender_party, unsendable_character

log = logging.getLogger(__name__)
State = StandardOrder.State


class StandardOrderInvalid(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def restock_receiver():
    """The shop itself, from SHOP_SENDER_*: InnoCigs' RECEIVER has no telephone."""
    return dataclasses.replace(sender_party(), TELEPHONE="")


def standard_order_problems(*, lines, carrier="", number="") -> list[Problem]:
    problems = party_problems(restock_receiver(), SENDER_FIELDS)
    if carrier and carrier not in CARRIERS:
        problems.append(Problem("carrier", f"{carrier} is not offered; InnoCigs ships with {' or '.join(CARRIERS)}"))
    if number and (unsendable_character(number) is not None or len(number) > 64):
        problems.append(Problem("number", "at most 64 characters and no control characters"))
    if number and StandardOrder.objects.filter(number=number).exists():
        problems.append(Problem("number", f"{number} is already used by another standard order"))
    if not lines:
        problems.append(Problem("lines", "at least one article is needed"))
    known = {p.model: p for p in Product.objects.filter(model__in=[sku for sku, _ in lines])}
    for index, (sku, quantity) in enumerate(lines):
        if not sku or unsendable_character(sku) is not None:
            problems.append(Problem(f"lines[{index}].sku", f"{sku!r} is not an article number"))
        elif sku not in known or not known[sku].active:
            problems.append(Problem(f"lines[{index}].sku", "the article is not in the InnoCigs catalogue", line=sku))
        if quantity < 1:
            problems.append(Problem(f"lines[{index}].quantity", f"quantity must be at least 1 (it is {quantity})",
                                    line=sku if sku and unsendable_character(sku) is None else ""))
    return problems


def standard_order_create(*, lines, actor, carrier="", number="") -> StandardOrder:
    """A new standard order in state `ready`. `lines` are (article number, quantity). Raises StandardOrderInvalid."""
    lines = [(sku.strip(), quantity) for sku, quantity in lines]
    problems = standard_order_problems(lines=lines, carrier=carrier, number=number)
    if problems:
        raise StandardOrderInvalid(problems)
    products = {p.model: p for p in Product.objects.filter(model__in=[sku for sku, _ in lines])}
    with transaction.atomic():
        order = StandardOrder.objects.create(number=number or f"new-{uuid.uuid4().hex}", carrier=carrier,
                                             test_mode=settings.INNOCIGS_TEST_MODE, created_by=actor)
        if not number:
            order.number = f"RESTOCK-{order.pk:06d}"
            order.save(update_fields=["number"])
        StandardOrderLine.objects.bulk_create(
            StandardOrderLine(standard_order=order, sku=sku, product=products.get(sku), quantity=quantity)
            for sku, quantity in lines
        )
    return order


def standard_order_send(*, standard_order, actor) -> StandardOrder:
    """Sends a `ready` standard order once and records the outcome; any other state is left as it is."""
    taken = StandardOrder.objects.filter(pk=standard_order.pk, state=State.READY).update(
        state=State.SENDING, sent_at=timezone.now(), message=f"sending ({actor})"
    )
    order = StandardOrder.objects.get(pk=standard_order.pk)
    if not taken:
        return order
    request = StandardOrderRequest(order.number, restock_receiver(),
                                   tuple(Line(line.sku, line.quantity) for line in order.lines.all()))
    try:
        result = orders_client(test_mode=order.test_mode).standard_order(request, carrier=order.carrier,
                                                                          related=order)
    except (PartnerOutcomeUnknown, PartnerResponseError) as exc:
        return _finish(order, State.UNKNOWN, f"{exc.message} Check the order in the InnoCigs account; a delivery "
                                             "note naming it settles it.", exc.issues)
    except PartnerError as exc:
        return _finish(order, State.READY, f"not sent: {exc.message}", exc.issues)
    except Exception:
        log.exception("Sending standard order %s failed unexpectedly", order.number)
        _finish(order, State.UNKNOWN, "unexpected failure while sending; check the InnoCigs account", ())
        raise
    codes = {issue.code for issue in result.issues}
    if result.ok:
        state = State.TEST_OK if order.test_mode else State.PLACED
        return _finish(order, state, result.message or "placed", (), orders_id=result.orders_id)
    if codes & ALREADY_RECEIVED and not order.test_mode:
        return _finish(order, State.UNKNOWN, "InnoCigs may already have this order; check its account. A delivery "
                                             "note naming it settles it.", result.issues)
    if codes and codes <= BATCH_LEVEL:
        return _finish(order, State.READY, "not sent: " + "; ".join(str(i) for i in result.issues), result.issues)
    return _finish(order, State.REFUSED, result.message or "refused by InnoCigs", result.issues)


def _finish(order, state, message, issues, *, orders_id=""):
    errors = []
    for issue in issues:
        explanation = innocigs_errors.explain(issue.code)
        errors.append({"code": issue.code, "message": issue.message,
                       "explanation": explanation.english if explanation else "",
                       "next_step": explanation.next_step if explanation else ""})
    StandardOrder.objects.filter(pk=order.pk, state=State.SENDING).update(
        state=state, message=message, errors=errors, orders_id=orders_id or order.orders_id,
        finished_at=None if state == State.READY else timezone.now(),
    )
    return StandardOrder.objects.get(pk=order.pk)
