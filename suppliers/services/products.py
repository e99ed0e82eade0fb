"""The catalogue: products created, updated, marked gone (never deleted), with their prices when the feed has them."""

import tempfile
from itertools import batched

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.bulk import insert_rows, update_rows
from backoffice.registry import catalogue_client
from suppliers.models import Product, StockSnapshot, SyncRun

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
from .spool import Spool
from .stock import GONE_STATUS

CATALOGUE_FIELDS = ["master", "ean", "name", "parent_name", "category_path", "manufacturer", "image_urls",
                    "vpe_content", "vpe_unit", "attributes", "manual_url", "description", "composition", "clp_infos"]
PAGE = 2000  # products compared or created per step
_MAX_LENGTH = {f: Product._meta.get_field(f).max_length for f in CATALOGUE_FIELDS}


def products_sync(*, actor, extended=False, client=None, progress=None):
    """Fetches the whole catalogue (with descriptions when `extended`) and applies it in one transaction."""
    client = client or catalogue_client()
    return run_sync(
        kind=SyncRun.Kind.PRODUCTS, actor=actor, scope="full", api=client.api,
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
    go to a temporary file as they arrive, and memory holds only where each model's product is in it. Then, in
    one transaction, the stored products are walked in id order, a page at a time, each compared with its
    product read back from the file; what is new is created last. Memory stays flat however large the
    catalogue is, and no query carries a long list of models."""
    with tempfile.TemporaryFile() as spool:
        spooled = Spool(spool, counted(products, progress))
        refuse_empty_feed(spooled.offsets, N_("product"))
        now = timezone.now()
        counts = Counts()
        with transaction.atomic():
            gone_since = last_success_start(SyncRun.Kind.PRODUCTS) or now
            seen = set()
            last_id = 0
            while page := list(Product.objects.filter(id__gt=last_id).order_by("id").values_list(*_FIELDS)[:PAGE]):
                last_id = page[-1][0]
                _apply_page(page, spooled, seen, now, gone_since, counts)
            new = (model for model in spooled.offsets if model not in seen)
            for models in batched(new, PAGE):
                _create(spooled, models, now, counts)
    return counts


_COLUMNS = [*CATALOGUE_FIELDS, *PRICE_FIELDS]
_FIELDS = ["id", "model", "active", "stock_quantity", "shipping_status", *_COLUMNS]


def _apply_page(page, spooled, seen, now, gone_since, counts):
    """Updates, re-activates or marks gone one page of stored products, with their graduated prices and units."""
    tiers_now, units_now = current_tiers_and_units(id_range=(page[0][0], page[-1][0]))
    update, gone, stock_rows, snapshots, new_tiers, new_units = [], [], [], [], {}, {}
    for row in page:
        current = dict(zip(_FIELDS, row, strict=True))
        pk, model = current["id"], current["model"]
        info = spooled.get(model)
        if info is None:
            if current["active"]:
                counts.deactivated += 1
                gone.append((False, gone_since, pk))
                if (current["stock_quantity"], current["shipping_status"]) != (0, GONE_STATUS):
                    stock_rows.append((0, GONE_STATUS, now, pk))
                    snapshots.append((pk, 0, GONE_STATUS, now))
            continue
        seen.add(model)
        values = catalogue_values(info, current)
        prices = price_values(info.prices) if info.prices else (current["purchase_price"],
                                                                current["recommended_price"])
        changed = [values[f] for f in CATALOGUE_FIELDS] + list(prices) != [current[f] for f in _COLUMNS]
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
    update_rows(Product, [*_COLUMNS, "active", "last_seen"], update)
    update_rows(Product, ["active", "last_seen"], gone)
    update_rows(Product, ["stock_quantity", "shipping_status", "stock_changed_at"], stock_rows)
    insert_rows(StockSnapshot, ["product", "quantity", "shipping_status", "taken_at"], snapshots)
    replace_tiers_and_units(tiers=new_tiers, units=new_units)


def _create(spooled, models, now, counts):
    """Creates the products new to us, with their graduated prices and other units."""
    feed = {model: spooled.get(model) for model in models}
    ids = insert_products({
        model: {**catalogue_values(info), **_prices(info), "first_seen": now, "last_seen": now}
        for model, info in feed.items()
    })
    priced = [(ids[model], info.prices) for model, info in feed.items() if info.prices]
    replace_tiers_and_units(tiers={pk: tier_values(p) for pk, p in priced if p.tiers},
                            units={pk: unit_values(p) for pk, p in priced if p.units}, fresh=True)
    counts.created += len(feed)


def _prices(info):
    return dict(zip(PRICE_FIELDS, price_values(info.prices), strict=True)) if info.prices else {}
