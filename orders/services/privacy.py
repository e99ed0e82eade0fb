"""Removing customers' personal data once it is no longer needed, keeping amounts, numbers and states."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from backoffice.models import PartnerExchange
from orders.models import Address, Order
from orders.services.history import order_note

REMOVED = "[removed]"
BODY_REMOVED = "[personal data removed]"


@dataclass(frozen=True)
class PurgeReport:
    orders: int
    exchanges: int

    def __str__(self):
        return f"anonymised {self.orders} closed orders and {self.exchanges} partner exchange bodies"


def _anonymise_address(address_id):
    Address.objects.filter(pk=address_id).update(
        company="", first_name=REMOVED, last_name=REMOVED, street=REMOVED, house_number="", address_line2="",
        county="",
    )


def personal_data_purge(*, older_than_days, actor, batch_size=500) -> PurgeReport:
    """Anonymises closed orders untouched for `older_than_days`, and partner exchange bodies as old.

    Idempotent: what was anonymised once is not touched again. Amounts, order numbers, lines, states,
    postcodes and countries stay, so figures and the audit trail remain whole.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    due = Order.objects.filter(status__in=Order.CLOSED, updated_at__lt=cutoff, anonymised_at__isnull=True)
    orders = 0
    while batch := list(due.values_list("pk", "shipping_address_id", "billing_address_id")[:batch_size]):
        with transaction.atomic():
            for pk, shipping_id, billing_id in batch:
                for address_id in {shipping_id, billing_id} - {None}:
                    _anonymise_address(address_id)
                Order.objects.filter(pk=pk).update(email="", phone="", birthday=None, anonymised_at=timezone.now())
                order_note(order_id=pk, actor=actor, note="personal data removed")
        orders += len(batch)
    exchanges = (
        PartnerExchange.objects.filter(created_at__lt=cutoff)
        .exclude(request_body=BODY_REMOVED, response_body=BODY_REMOVED)
        .update(request_body=BODY_REMOVED, response_body=BODY_REMOVED)
    )
    return PurgeReport(orders, exchanges)
