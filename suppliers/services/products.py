"""The catalogue: products created, updated, marked gone (never deleted), with their prices when the feed has them."""

import pickle
import tempfile
from itertools import batched

from django.db import transaction
from django.utils import timezone

from backoffice.registry import catalogue_client
from suppliers.models import Product, StockSnapshot, SyncRun

from .bulk import insert_rows, update_rows
from .common import counted, insert_products, last_success_start, refuse_empty_feed
from .prices import (
    PRICE_FIELDS,
    current_tiers_and_units,
    price_values,
    quantized,
    replace_tiers_and_units,
    tier_values,
    unit_values,
)
from .runs import Counts, run_sync
from .stock import GONE_STATUS

CATALOGUE_FIELDS = ["master", "ean", "name", "parent_name", "category_path", "manufacturer", "image_urls",
                    "vpe_content", "vpe_unit", "attributes", "manual_url", "description", "composition", "clp_infos"]
BATCH = 500  # products per step: the models fit one IN (...) on every database
_MAX_LENGTH = {f: Product._meta.get_field(f).max_length for f in CATALOGUE_FIELDS}


def products_sync(*, extended=False, client=None, progress=None):
    """Fetches the whole catalogue (with descriptions when `extended`) and applies it in one transaction."""
    client = client or catalogue_client()
    return run_sync(
        kind=SyncRun.Kind.PRODUCTS, scope="full", api=client.api,
        work=lambda: products_apply(products=client.products(extended=extended), progress=progress),
    )


def _fit(field, value):
    limit = _MAX_LENGTH[field]
    return value[:limit] if limit and isinstance(value, str) else value


def catalogue_values(info, current=None):
    """The product's catalogue fields as stored. A description, composition or CLP block the feed did not carry
    keeps its current value, so a normal sync never blanks what the extended one stored."""
    values = {
        "master": info.master, "ean": info.ean, "name": info.name, "parent_name": info.parent_name,
        "category_path": info.category_path, "manufacturer": info.manufacturer, "image_urls": list(info.image_urls),
        "vpe_content": quantized(info.vpe_content, 3),
        "vpe_unit": info.vpe_unit, "attributes": dict(info.attributes), "manual_url": info.manual_url,
        "description": info.description, "composition": info.composition,
        "clp_infos": None if info.clp_infos is None else [list(pair) for pair in info.clp_infos],
    }
    for field, empty in (("description", ""), ("composition", ""), ("clp_infos", [])):
        if values[field] is None:
            values[field] = current[field] if current else empty
    return {field: _fit(field, value) for field, value in values.items()}


def products_apply(*, products, progress=None) -> Counts:
    """Applies the full catalogue feed. It is read completely before anything is written: the parsed products
    go to a temporary file as they arrive (memory holds only each model's place in it), and are then applied
    batch by batch in one transaction, so memory stays flat however large the catalogue is."""
    with tempfile.TemporaryFile() as spool:
        places = _spool(counted(products, progress), spool)
        refuse_empty_feed(places, "product")
        now = timezone.now()
        counts = Counts()
        with transaction.atomic():
            gone_since = last_success_start(SyncRun.Kind.PRODUCTS) or now
            for batch in batched(_unspooled(spool, places), BATCH):
                _apply_batch(batch, now, counts)
            _mark_gone(places, gone_since, now, counts)
    return counts


def _spool(products, spool):
    """Writes each product to `spool`; returns {model: its place}. A model listed twice counts as its last."""
    places = {}
    for place, info in enumerate(products):
        pickle.dump(info, spool, protocol=pickle.HIGHEST_PROTOCOL)
        places[info.model] = place
    return places


def _unspooled(spool, places):
    """The spooled products again, each model once."""
    spool.seek(0)
    for place in range(max(places.values(), default=-1) + 1):
        info = pickle.load(spool)
        if places[info.model] == place:
            yield info


def _apply_batch(infos, now, counts):
    """Updates, re-activates or creates the batch's products, with their graduated prices and other units."""
    columns = [*CATALOGUE_FIELDS, *PRICE_FIELDS]
    fields = ["id", "model", "active", *columns]
    feed = {info.model: info for info in infos}
    rows = Product.objects.filter(model__in=list(feed)).values_list(*fields)
    current_rows = {row[1]: dict(zip(fields, row, strict=True)) for row in rows}
    tiers_now, units_now = current_tiers_and_units([current["id"] for current in current_rows.values()])
    update, new_tiers, new_units = [], {}, {}
    for model, current in current_rows.items():
        info, pk = feed.pop(model), current["id"]
        values = catalogue_values(info, current)
        prices = price_values(info.prices) if info.prices else (current["purchase_price"],
                                                                current["recommended_price"])
        changed = [values[f] for f in CATALOGUE_FIELDS] + list(prices) != [current[f] for f in columns]
        if info.prices:
            if tier_values(info.prices) != tiers_now.get(pk, ()):
                new_tiers[pk] = tier_values(info.prices)
                changed = True
            if unit_values(info.prices) != units_now.get(pk, ()):
                new_units[pk] = unit_values(info.prices)
                changed = True
        if changed or not current["active"]:
            update.append((*(values[f] for f in CATALOGUE_FIELDS), *prices, True, now, pk))
            counts.updated += 1
        else:
            counts.unchanged += 1
    update_rows(Product, [*columns, "active", "last_seen"], update)
    replace_tiers_and_units(tiers=new_tiers, units=new_units)
    if feed:
        ids = insert_products({
            model: {**catalogue_values(info), **_prices(info), "first_seen": now, "last_seen": now}
            for model, info in feed.items()
        })
        priced = [(ids[model], info.prices) for model, info in feed.items() if info.prices]
        replace_tiers_and_units(tiers={pk: tier_values(p) for pk, p in priced if p.tiers},
                                units={pk: unit_values(p) for pk, p in priced if p.units}, fresh=True)
        counts.created += len(feed)


def _mark_gone(places, gone_since, now, counts):
    """Active products the feed no longer lists: gone, with no stock."""
    gone, stock_rows, snapshots = [], [], []
    rows = Product.objects.filter(active=True).values_list("id", "model", "stock_quantity", "shipping_status")
    for pk, model, quantity, status in rows.iterator(chunk_size=5000):
        if model in places:
            continue
        counts.deactivated += 1
        gone.append((False, gone_since, pk))
        if (quantity, status) != (0, GONE_STATUS):
            stock_rows.append((0, GONE_STATUS, now, pk))
            snapshots.append((pk, 0, GONE_STATUS, now))
    update_rows(Product, ["active", "last_seen"], gone)
    update_rows(Product, ["stock_quantity", "shipping_status", "stock_changed_at"], stock_rows)
    insert_rows(StockSnapshot, ["product", "quantity", "shipping_status", "taken_at"], snapshots)


def _prices(info):
    return dict(zip(PRICE_FIELDS, price_values(info.prices), strict=True)) if info.prices else {}
