"""Backorders: the shop's ordered items InnoCigs has not shipped yet. Items that leave the feed are resolved."""

from django.db import transaction
from django.utils import timezone

from backoffice.registry import catalogue_client
from suppliers.models import BackorderItem, SyncRun

from .common import counted, ids_by_model
from .runs import Counts, run_sync


def backorders_sync(*, actor, client=None, progress=None):
    client = client or catalogue_client()
    return run_sync(kind=SyncRun.Kind.PENDING, actor=actor, scope="full", api=client.api,
                    work=lambda: backorders_apply(items=client.pending(), progress=progress))


def backorders_apply(*, items, progress=None) -> Counts:
    """Mirrors the pending feed: new items created, changed ones updated, vanished ones resolved."""
    feed = {}
    for item in counted(items, progress):
        key = (item.orders_id, item.model)
        if key in feed:  # the same model twice in one order: one backorder of the summed quantity
            item = type(item)(item.orders_id, item.model, feed[key].quantity + item.quantity, item.ean,
                              item.shipping_status)
        feed[key] = item
    now = timezone.now()
    counts = Counts()
    with transaction.atomic():
        products = ids_by_model({model for _, model in feed})
        changed = []
        for row in BackorderItem.objects.all():
            item = feed.pop((row.orders_id, row.model), None)
            if item is None:
                if row.resolved_at is None:
                    row.resolved_at = now
                    changed.append(row)
                    counts.deactivated += 1
                continue
            new = (item.quantity, item.ean[:32], item.shipping_status[:120], products.get(item.model), None)
            if new == (row.quantity, row.ean, row.shipping_status, row.product_id, row.resolved_at):
                counts.unchanged += 1
                continue
            row.quantity, row.ean, row.shipping_status, row.product_id, row.resolved_at = new
            changed.append(row)
            counts.updated += 1
        BackorderItem.objects.bulk_update(
            changed, ["quantity", "ean", "shipping_status", "product", "resolved_at"], batch_size=200
        )
        BackorderItem.objects.bulk_create([
            BackorderItem(orders_id=i.orders_id[:40], model=i.model[:64], product_id=products.get(i.model),
                          quantity=i.quantity, ean=i.ean[:32], shipping_status=i.shipping_status[:120],
                          first_seen=now)
            for i in feed.values()
        ], batch_size=500)
        counts.created = len(feed)
    return counts
