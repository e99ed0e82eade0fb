"""Delivery notes: what InnoCigs shipped to the shop per day, linked to the standard orders they fulfil."""

from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shipping.tracking import sync_by_day, sync_days, tracking_url
from suppliers.innocigs.models import DeliveryNote, DeliveryNoteItem, StandardOrder

from .client import orders_client


class DeliverySyncFailed(Exception):
    """Part of a sync failed; the message says what was done and what failed."""


def delivery_notes_sync(*, actor, day=None, days=None, progress=None) -> str:
    """Reads InnoCigs' delivery notes of `day`, or of the last `days` days, and records the new ones."""
    client = orders_client()

    def record(notes, date, counts):
        for data in notes:
            counts.update(delivery_note_record(data=data, day=date, actor=actor))

    run = sync_by_day(dates=sync_days(day=day, days=days, default=settings.INNOCIGS_TRACKING_DAYS),
                      fetch=client.delivery_notes, apply=record, progress=progress)
    counts = run.counts
    summary = (f"InnoCigs delivery notes {run.span}: new {counts['new']}, already known {counts['known']}, "
               f"standard orders linked {counts['linked']}, unknown standard orders settled {counts['settled']}")
    if run.failures:
        raise DeliverySyncFailed(f"{summary}; failed: {'; '.join(run.failures)}")
    return summary


def delivery_note_record(*, data, day, actor) -> Counter:
    """The delivery note, created once with its items; items of our standard orders are linked to them."""
    counts = Counter()
    with transaction.atomic():
        note, created = DeliveryNote.objects.get_or_create(number=data.delivery_number, defaults={
            "day": day,
            "parcels": [{"carrier": p.carrier, "code": p.code, "url": tracking_url(p.carrier, p.code)}
                        for p in data.parcels],
        })
        counts["new" if created else "known"] += 1
        if not created:
            return counts
        standard = _standard_orders(data.orders)
        items = []
        for delivered in data.orders:
            order = standard.get(("number", delivered.orders_number)) or standard.get(("id", delivered.orders_id))
            for item in delivered.items or [None]:
                items.append(DeliveryNoteItem(
                    delivery_note=note, standard_order=order, orders_number=delivered.orders_number,
                    orders_id=delivered.orders_id, sku=item.model if item else "",
                    quantity=item.quantity if item else None,
                ))
            if order is not None:
                counts["linked"] += 1
                counts["settled"] += _settle(order, delivered, note, actor)
        DeliveryNoteItem.objects.bulk_create(items)
    return counts


def _standard_orders(delivered_orders):
    numbers = {o.orders_number for o in delivered_orders} - {""}
    ids = {o.orders_id for o in delivered_orders} - {""}
    found = {}
    for order in StandardOrder.objects.filter(Q(number__in=numbers) | Q(orders_id__in=ids)):
        found[("number", order.number)] = order
        if order.orders_id:
            found[("id", order.orders_id)] = order
    return found


def _settle(order, delivered, note, actor) -> bool:
    """A standard order whose sending had no reply is proven placed by a delivery note naming it."""
    return bool(StandardOrder.objects.filter(pk=order.pk, state=StandardOrder.State.UNKNOWN).update(
        state=StandardOrder.State.PLACED, orders_id=order.orders_id or delivered.orders_id,
        finished_at=timezone.now(), message=f"placed: delivery note {note.number} names it (settled by {actor})",
    ))
