"""Delivery notes: what InnoCigs shipped to the shop per day, linked to the restocks (standard orders) they fulfil;
a restock whose sending had no reply is reconciled through the lifecycle once a note names it."""

from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from orders.models import Submission
from orders.services.submissions import submission_reconcile
from shipping.tracking import sync_by_day, sync_days, tracking_url
from suppliers.innocigs.models import RESTOCK_ROUTE, DeliveryNote, DeliveryNoteItem

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
    # Stored as the job's message in English, said in the reader's language where it is shown.
    summary = run.said(N_("InnoCigs delivery notes %(span)s: new %(new)d, already known %(known)d, standard orders "
                          "linked %(linked)d, unknown standard orders settled %(settled)d"))
    if run.failures:
        raise DeliverySyncFailed(summary)
    return summary


def delivery_note_record(*, data, day, actor) -> Counter:
    """The delivery note, created once with its items; items of our restocks are linked to them, and a restock
    whose outcome was unknown is then reconciled from it."""
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
        ours = _restock_submissions(data.orders)
        items, unknown = [], {}
        for delivered in data.orders:
            submission = ours.get(("number", delivered.orders_number)) or ours.get(("id", delivered.orders_id))
            for item in delivered.items or [None]:
                items.append(DeliveryNoteItem(
                    delivery_note=note, restock=submission.order.restock if submission else None,
                    orders_number=delivered.orders_number, orders_id=delivered.orders_id,
                    sku=item.model if item else "", quantity=item.quantity if item else None,
                ))
            if submission is not None:
                counts["linked"] += 1
                if submission.state == Submission.State.UNKNOWN:
                    unknown[submission.pk] = submission  # a note may name an order twice
        DeliveryNoteItem.objects.bulk_create(items)
    for submission in unknown.values():
        # A note naming the order proves the request arrived, so nothing of it can arrive later: it is settled
        # now rather than after `settle_after`.
        settle_at = max(timezone.now(), submission.settle_after or timezone.now())
        settled = submission_reconcile(submission=submission, actor=actor, now=settle_at)
        counts["settled"] += settled.state == Submission.State.ACCEPTED
    return counts


def _restock_submissions(delivered_orders):
    """Our restocks' latest submissions named by InnoCigs' order number (our reference) or its ORDERS_ID."""
    numbers = {o.orders_number for o in delivered_orders} - {""}
    ids = {o.orders_id for o in delivered_orders} - {""}
    found = {}
    submissions = (Submission.objects.filter(order__route=RESTOCK_ROUTE, partner="innocigs")
                   .filter(Q(reference__in=numbers) | Q(partner_reference__in=ids))
                   .select_related("order__restock").order_by("attempt"))
    for submission in submissions:  # a later attempt of the same order wins
        found[("number", submission.reference)] = submission
        if submission.partner_reference:
            found[("id", submission.partner_reference)] = submission
    return found
