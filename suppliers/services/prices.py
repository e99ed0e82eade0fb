"""Prices: purchase price, recommended retail price, graduated prices and other packaging units."""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_noop as N_

from backoffice.bulk import delete_where_in, insert_rows, update_rows
from backoffice.registry import catalogue_client
from suppliers.models import OtherUnit, PriceTier, Product, SyncRun

from .common import asked_models, counted, read_models, refuse_empty_feed
from .runs import Counts, run_sync

PRICE_FIELDS = ["purchase_price", "recommended_price"]


def prices_sync(*, actor, models=None, client=None, progress=None):
    """Fetches the prices (of every model, or of `models`) and applies them in one transaction."""
    client = client or catalogue_client()
    models = asked_models(models)

    def work():
        if not models:
            return prices_apply(prices=client.prices_all(), full=True, progress=progress)
        found, unknown = read_models(models, feed=client.prices_all, one=client.price)
        counts = prices_apply(prices=found, full=False)
        if unknown:
            counts.skipped += len(unknown)
            counts.notes += (N_("Unknown at InnoCigs: %(models)s (run a stock sync to mark them gone)") % {
                "models": ", ".join(unknown)},)
        return counts

    return run_sync(kind=SyncRun.Kind.PRICES, actor=actor, scope=", ".join(models) or "full", api=client.api, work=work)


def quantized(value, places):
    """The value as the database will keep it, so a comparison with what is stored is exact."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-places))


def price_values(info):
    return (quantized(info.purchase_price, 4), quantized(info.recommended_price, 4))


def tier_values(info):
    return tuple((t.min_quantity, quantized(t.price, 4)) for t in info.tiers)


def unit_values(info):
    return tuple((u.model[:64], u.package_size, quantized(u.price, 4), quantized(u.price_per_unit, 6))
                 for u in info.units)


def current_tiers_and_units(product_ids=None, *, id_range=None):
    """{product id: tiers} and {product id: units}, in the shape of tier_values and unit_values; of the products
    `product_ids`, or with ids in `id_range` (first, last), or of all."""
    tiers, units = defaultdict(tuple), defaultdict(tuple)
    tier_rows = PriceTier.objects.order_by("product_id", "min_quantity")
    unit_rows = OtherUnit.objects.order_by("product_id", "model")
    if product_ids is not None:
        tier_rows = tier_rows.filter(product_id__in=product_ids)
        unit_rows = unit_rows.filter(product_id__in=product_ids)
    if id_range is not None:
        tier_rows = tier_rows.filter(product_id__gte=id_range[0], product_id__lte=id_range[1])
        unit_rows = unit_rows.filter(product_id__gte=id_range[0], product_id__lte=id_range[1])
    for pk, *tier in tier_rows.values_list("product_id", "min_quantity", "price").iterator(chunk_size=5000):
        tiers[pk] += (tuple(tier),)
    for pk, *unit in unit_rows.values_list("product_id", "model", "package_size", "price",
                                           "price_per_unit").iterator(chunk_size=5000):
        units[pk] += (tuple(unit),)
    return tiers, units


def replace_tiers_and_units(*, tiers, units, fresh=False):
    """Replaces the graduated prices ({product id: tier_values}) and other units of the products given;
    `fresh`: the products were just created and have none yet."""
    if not fresh:
        delete_where_in(PriceTier, "product_id", list(tiers))
        delete_where_in(OtherUnit, "product_id", list(units))
    insert_rows(PriceTier, ["product", "min_quantity", "price"],
                ((pk, *tier) for pk, values in tiers.items() for tier in values))
    insert_rows(OtherUnit, ["product", "model", "package_size", "price", "price_per_unit"],
                ((pk, *unit) for pk, values in units.items() for unit in values))


def prices_apply(*, prices, full, progress=None) -> Counts:
    """Applies prices to the products we have; models not in the catalogue are skipped (the catalogue sync
    creates them). The feed is read completely before anything is written."""
    feed = {}
    for info in counted(prices, progress):
        feed[info.model] = info
    if full:
        refuse_empty_feed(feed, N_("price"))
    counts = Counts()
    with transaction.atomic():
        rows = Product.objects.values_list("id", "model", *PRICE_FIELDS)
        if not full:
            rows = rows.filter(model__in=list(feed))
        rows = list(rows)
        tiers_now, units_now = current_tiers_and_units(None if full else [r[0] for r in rows])
        price_rows, new_tiers, new_units = [], {}, {}
        for pk, model, *price_now in rows:
            info = feed.pop(model, None)
            if info is None:
                continue
            prices_new, tiers_new, units_new = price_values(info), tier_values(info), unit_values(info)
            changed = False
            if prices_new != tuple(price_now):
                price_rows.append((*prices_new, pk))
                changed = True
            if tiers_new != tiers_now.get(pk, ()):
                new_tiers[pk] = tiers_new
                changed = True
            if units_new != units_now.get(pk, ()):
                new_units[pk] = units_new
                changed = True
            if changed:
                counts.updated += 1
            else:
                counts.unchanged += 1
        update_rows(Product, PRICE_FIELDS, price_rows)
        replace_tiers_and_units(tiers=new_tiers, units=new_units)
    counts.skipped = len(feed)
    if feed:
        shown = ", ".join(sorted(feed)[:10]) + (" …" if len(feed) > 10 else "")
        counts.notes = (N_("%(count)d priced models are not in the catalogue yet (sync_products adds them): "
                           "%(models)s") % {"count": len(feed), "models": shown},)
    return counts
