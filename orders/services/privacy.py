"""Removing customers' personal data once it is no longer needed.

The rule, for a closed order past the retention period (`personal_data_purge`):

Removed (the person and the house they live in):
- on each of its addresses, shipping and billing: first and last name and street (marked "[removed]", they are
  required fields), company, house number and address line 2 (emptied);
- on the order: email, phone and birthday;
- wherever the back-office kept text about the order (its history notes, each submission's message and its
  partner's errors), any of those values, as partners' refusals may quote them ("[removed]" in their place).

Kept (the place, not the person):
- postcode, city, county and country: needed for VAT and customs, and for the shipping statistics; without a
  name or a street they point at a town or a district, not at anyone;
- order number, dates, route, states, amounts, currency, payment type, lines, locker / pick-up point id,
  partners' references, shipments with their tracking: the figures and the audit trail stay whole.

Partner exchanges (the audit of every request and reply) hold whole addresses in their bodies: every body as old
as the cutoff is replaced by "[personal data removed]", whatever order it belonged to; method, URL, status
and timing stay.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.models import PartnerExchange
from orders.models import Address, Order, OrderEvent, Submission
from orders.services.history import order_note

REMOVED = "[removed]"
BODY_REMOVED = "[personal data removed]"
ADDRESS_REMOVED = {"first_name": REMOVED, "last_name": REMOVED, "street": REMOVED, "company": "",
                   "house_number": "", "address_line2": ""}
# The values quoted text is cleaned of; a house number or address line alone, without the street, names no one.
QUOTABLE = ("first_name", "last_name", "company", "street")


@dataclass(frozen=True)
class PurgeReport:
    orders: int
    exchanges: int

    def __str__(self):
        return N_("anonymised %(orders)s closed orders and %(exchanges)s partner exchange bodies") % {
            "orders": self.orders, "exchanges": self.exchanges}


def _quoted(values):
    """A pattern for any of `values` standing on its own (not inside a longer word), in any case; or None."""
    values = sorted({v.strip() for v in values if len(v.strip()) > 1}, key=len, reverse=True)
    if not values:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in values), re.IGNORECASE)


def _cleaned(value, pattern):
    if isinstance(value, str):
        return pattern.sub(REMOVED, value)
    if isinstance(value, list):
        return [_cleaned(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item, pattern) for key, item in value.items()}
    return value


def _clean_texts(order_id, pattern):
    for event in OrderEvent.objects.filter(order_id=order_id).only("note"):
        if (note := _cleaned(event.note, pattern)) != event.note:
            OrderEvent.objects.filter(pk=event.pk).update(note=note)
    for submission in Submission.objects.filter(order_id=order_id).only("message", "errors"):
        message, errors = _cleaned(submission.message, pattern), _cleaned(submission.errors, pattern)
        if (message, errors) != (submission.message, submission.errors):
            Submission.objects.filter(pk=submission.pk).update(message=message, errors=errors)


def _anonymise(order):
    address_ids = {order.shipping_address_id, order.billing_address_id} - {None}
    values = [order.email, order.phone]
    if order.birthday:
        values += [order.birthday.isoformat(), order.birthday.strftime("%d.%m.%Y")]
    for fields in Address.objects.filter(pk__in=address_ids).values(*QUOTABLE):
        values += fields.values()
    if pattern := _quoted(values):
        _clean_texts(order.pk, pattern)
    Address.objects.filter(pk__in=address_ids).update(**ADDRESS_REMOVED)
    Order.objects.filter(pk=order.pk).update(email="", phone="", birthday=None, anonymised_at=timezone.now())


def personal_data_purge(*, older_than_days, actor, batch_size=500) -> PurgeReport:
    """Anonymises closed orders untouched for `older_than_days` as the module docstring says, and partner
    exchange bodies as old. Idempotent: what was anonymised once is not touched again."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    due = Order.objects.filter(status__in=Order.CLOSED, updated_at__lt=cutoff, anonymised_at__isnull=True).only(
        "email", "phone", "birthday", "shipping_address_id", "billing_address_id")
    orders = 0
    while batch := list(due[:batch_size]):
        with transaction.atomic():
            for order in batch:
                _anonymise(order)
                order_note(order_id=order.pk, actor=actor, note=N_("personal data removed"))
        orders += len(batch)
    exchanges = (
        PartnerExchange.objects.filter(created_at__lt=cutoff)
        .exclude(request_body=BODY_REMOVED, response_body=BODY_REMOVED)
        .update(request_body=BODY_REMOVED, response_body=BODY_REMOVED)
    )
    return PurgeReport(orders, exchanges)
