"""Stock: the full feed every 15 minutes, or a few models on demand. A snapshot only when something changed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.bulk import db_value, insert_rows, select_rows, update_rows
from backoffice.registry import catalogue_client
from suppliers.models import Product, StockSnapshot, SyncRun

from .common import asked_models, counted, insert_products, last_success_start, read_models, refuse_empty_feed
from .runs import Counts, run_sync

GONE_STATUS = ""


def stock_sync(*, actor, models=None, client=None, progress=None):
    """Fetches the stock (of every model, or of `models`) and applies it in one transaction."""
    client = client or catalogue_client()
    models = asked_models(models)

    def work():
        if not models:
            return stock_apply(levels=client.stock_all(), full=True, progress=progress)
        levels, unknown = read_models(models, feed=client.stock_all, one=client.stock, progress=progress)
        return stock_apply(levels=levels, full=False, unknown=unknown)

    return run_sync(kind=SyncRun.Kind.STOCK, actor=actor, scope=", ".join(models) or "full", api=client.api, work=work)


def stock_apply(*, levels, full, unknown=(), progress=None) -> Counts:
    """Applies stock levels. The feed is read completely before anything is written.

    `full`: the levels are every model InnoCigs sells, so an active product missing from them is gone.
    `unknown`: models InnoCigs said it does not know (gone too, when we have them).
    """
    feed, statuses = {}, {}
    for level in counted(levels, progress):
        feed[level.model] = (level.quantity, statuses.setdefault(level.shipping_status, level.shipping_status))
    if full:
        refuse_empty_feed(feed, N_("stock"))
    unknown = set(unknown)
    now = timezone.now()
    counts = Counts()
    changed_at, taken_at = db_value(Product, "stock_changed_at", now), db_value(StockSnapshot, "taken_at", now)
    columns = ["id", "model", "stock_quantity", "shipping_status", "active"]
    with transaction.atomic():
        gone_since = last_success_start(SyncRun.Kind.STOCK) or now
        if full:
            rows = select_rows(Product, columns)
        else:
            rows = Product.objects.filter(model__in=[*feed, *unknown]).values_list(*columns)
        stock_rows, snapshot_rows, active_rows = [], [], []
        ours = set()
        for pk, model, quantity, status, active in rows:
            new = feed.pop(model, None)
            if new is None:
                if model in unknown:
                    ours.add(model)
                if active and (full or model in unknown):
                    counts.deactivated += 1
                    active_rows.append((False, gone_since, pk))
                    if (quantity, status) != (0, GONE_STATUS):
                        stock_rows.append((0, GONE_STATUS, changed_at, pk))
                        snapshot_rows.append((pk, 0, GONE_STATUS, taken_at))
                continue
            changed = new != (quantity, status)
            if changed:
                stock_rows.append((*new, changed_at, pk))
                snapshot_rows.append((pk, *new, taken_at))
            if not active:
                active_rows.append((True, now, pk))
            if changed or not active:
                counts.updated += 1
            else:
                counts.unchanged += 1
        if feed:  # models new to us: a bare product now, the catalogue sync fills in the rest
            ids = insert_products({
                model: {"stock_quantity": q, "shipping_status": s, "stock_changed_at": now, "first_seen": now,
                        "last_seen": now}
                for model, (q, s) in feed.items()
            })
            snapshot_rows.extend((ids[model], q, s, taken_at) for model, (q, s) in feed.items())
            counts.created = len(feed)
        update_rows(Product, ["stock_quantity", "shipping_status", "stock_changed_at"], stock_rows, prepared=True)
        update_rows(Product, ["active", "last_seen"], active_rows)
        insert_rows(StockSnapshot, ["product", "quantity", "shipping_status", "taken_at"], snapshot_rows,
                    prepared=True)
    counts.skipped = len(unknown - ours)
    counts.notes = tuple(
        note for note in (
            ours and f"Unknown at InnoCigs, marked gone: {', '.join(sorted(ours))}",
            unknown - ours and f"Unknown at InnoCigs and not in the catalogue: {', '.join(sorted(unknown - ours))}",
        ) if note
    )
    return counts
