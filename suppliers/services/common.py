"""What the syncs share: the models asked for, the empty-feed guard, new product rows, ids by model, and the last
successful run."""

from itertools import batched

from django.conf import settings
from django.utils.translation import gettext_noop as N_

from backoffice.bulk import insert_rows
from backoffice.errors import PartnerResponseError
from suppliers.models import Product, SyncRun

_PRODUCT_FIELDS = [f for f in Product._meta.concrete_fields if not f.primary_key]
PRODUCT_COLUMNS = [f.name for f in _PRODUCT_FIELDS]


def asked_models(models):
    """The model numbers a person or a command asked to refresh, blanks dropped; [] for the whole feed."""
    return [model.strip() for model in models or () if model.strip()]


def read_models(models, *, feed, one, progress=None):
    """(what InnoCigs says of each of `models`, the models it does not know): from the whole feed when there are
    more than INNOCIGS_DIRECT_REFRESH_LIMIT (one download instead of many calls), otherwise one call a model."""
    if len(models) > settings.INNOCIGS_DIRECT_REFRESH_LIMIT:
        wanted = set(models)
        found = [info for info in feed() if info.model in wanted]
        return found, sorted(wanted - {info.model for info in found})
    found, unknown = [], []
    for model in models:
        info = one(model)
        if info is None:
            unknown.append(model)
        else:
            found.append(info)
        if progress:
            progress.advance()
    return found, unknown


def counted(iterable, progress, every=500):
    """Yields from `iterable`, advancing `progress` every `every` items (a bar redrawn per item is slow)."""
    if progress is None:
        yield from iterable
        return
    pending = 0
    for item in iterable:
        yield item
        pending += 1
        if pending == every:
            progress.advance(pending)
            pending = 0
    if pending:
        progress.advance(pending)


def refuse_empty_feed(feed, kind):
    """An empty full feed would mark the whole catalogue gone: it is far likelier a fault at InnoCigs."""
    if not feed and Product.objects.filter(active=True).exists():
        raise PartnerResponseError(
            N_("InnoCigs sent an empty %(kind)s list. Nothing was changed; if the catalogue really is empty, check "
               "with InnoCigs.") % {"kind": kind}, partner="innocigs", code="empty_feed",
        )


def insert_products(values_by_model):
    """Creates products from {model: {field: value}}; unset fields get their defaults. Returns {model: id}."""
    defaults = {f.name: f.get_default() for f in _PRODUCT_FIELDS}

    def row(model, values):
        merged = {**defaults, **values, "model": model}
        return [merged[name] for name in PRODUCT_COLUMNS]

    insert_rows(Product, PRODUCT_COLUMNS, (row(model, values) for model, values in values_by_model.items()))
    return ids_by_model(values_by_model)


def ids_by_model(models):
    models = list(models)
    if len(models) > 2000:
        wanted = set(models)
        return {m: pk for pk, m in Product.objects.values_list("id", "model").iterator(chunk_size=5000) if m in wanted}
    found = {}
    for batch in batched(models, 500):
        found.update((m, pk) for pk, m in Product.objects.filter(model__in=batch).values_list("id", "model"))
    return found


def last_success_start(kind):
    """When the last successful full sync of `kind` started: the last time a product gone now was listed."""
    run = (SyncRun.objects.filter(kind=kind, scope="full", status=SyncRun.Status.SUCCEEDED)
           .order_by("-started_at").only("started_at").first())
    return run.started_at if run else None
