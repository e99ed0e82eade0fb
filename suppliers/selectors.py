"""Reads of the catalogue: stock states, margins, the stock history, and the dashboard's figures."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.dashboard import Figure
from backoffice.selectors import starts_with
from backoffice.words import stored_words
from suppliers.models import BackorderItem, Product, StockSnapshot, SyncRun

GROUP = gettext_lazy("Catalogue (InnoCigs)")
# Each sync in words, one and many: "12 min since the last stock sync", "failed stock syncs since ...".
SYNC_WORDS = {
    SyncRun.Kind.PRODUCTS: (gettext_lazy("catalogue sync"), gettext_lazy("catalogue syncs")),
    SyncRun.Kind.STOCK: (gettext_lazy("stock sync"), gettext_lazy("stock syncs")),
    SyncRun.Kind.PRICES: (gettext_lazy("prices sync"), gettext_lazy("prices syncs")),
    SyncRun.Kind.PENDING: (gettext_lazy("backorders sync"), gettext_lazy("backorders syncs")),
}
# How old the last success of each sync may get before the dashboard asks for attention (minutes).
EXPECTED_EVERY = {SyncRun.Kind.STOCK: 15, SyncRun.Kind.PENDING: 60, SyncRun.Kind.PRICES: 24 * 60,
                  SyncRun.Kind.PRODUCTS: 24 * 60}


def product_ids_by_model(models) -> dict:
    """{model number: product id} of the catalogue products among `models` (an order line's SKU is one)."""
    return dict(Product.objects.filter(model__in=set(models)).values_list("model", "pk"))


def products_search(queryset, term):
    """Products where every word of `term` starts the model number (as typed or in capitals), is the EAN, or is
    part of the name. One condition per word, so PostgreSQL combines the indexes of the model (prefix), the EAN
    and the name (trigrams, suppliers/0007) in one bitmap; SQLite reads the catalogue once per query."""
    for word in term.split():
        queryset = queryset.filter(starts_with("model", word) | starts_with("model", word.upper()) | Q(ean=word)
                                   | Q(name__icontains=word))
    return queryset


def product_ids_for_model(term):
    """The ids of the products whose model number is `term`, as typed or in capitals (the unique index)."""
    term = term.strip()
    return list(Product.objects.filter(model__in={term, term.upper()}).values_list("pk", flat=True)) if term else []


def stock_state_q(state):
    """in: more than INNOCIGS_LOW_STOCK pieces; low: 1 to INNOCIGS_LOW_STOCK; out: none."""
    low = settings.INNOCIGS_LOW_STOCK
    return {"in": Q(stock_quantity__gt=low), "low": Q(stock_quantity__gt=0, stock_quantity__lte=low),
            "out": Q(stock_quantity__lte=0)}[state]


def stock_state(product):
    if product.stock_quantity <= 0:
        return "out"
    return "low" if product.stock_quantity <= settings.INNOCIGS_LOW_STOCK else "in"


def margin(product) -> Decimal | None:
    """The share of the net recommended retail price left after the purchase price, in percent."""
    if not product.purchase_price or not product.recommended_price:
        return None
    net = product.recommended_price / (1 + Decimal(settings.SHOP_VAT_PERCENT) / 100)
    return ((net - product.purchase_price) / net * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class StockPoint:
    at: object
    quantity: int
    status: str


def stock_history(product, *, days=180, limit=500) -> list[StockPoint]:
    """The stock changes of the last `days` (at most `limit`), oldest first, starting with the level the
    product had when the window opened."""
    since = timezone.now() - timedelta(days=days)
    rows = list(StockSnapshot.objects.filter(product=product).order_by("-taken_at")
                .values_list("taken_at", "quantity", "shipping_status")[: limit + 1])
    rows.reverse()
    inside = [StockPoint(*row) for row in rows if row[0] >= since]
    before = [row for row in rows if row[0] < since]
    if before:
        inside.insert(0, StockPoint(since, before[-1][1], before[-1][2]))
    return inside


def open_backorders(product):
    return list(BackorderItem.objects.filter(product=product, resolved_at__isnull=True).order_by("-first_seen"))


def _changelist(model, **params):
    url = reverse(f"admin:suppliers_{model}_changelist")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _age(minutes):
    if minutes < 180:
        return minutes, _("min since the last %(sync)s")
    return minutes // 60, _("h since the last %(sync)s")


def _latest_runs(**filters):
    """{kind: its latest finished run} (of `filters`), in one query whatever the number of kinds."""
    newest = Window(RowNumber(), partition_by=F("kind"), order_by=[F("started_at").desc(), F("id").desc()])
    runs = (SyncRun.objects.exclude(status=SyncRun.Status.RUNNING).filter(**filters)
            .annotate(newest=newest).filter(newest=1))
    return {run.kind: run for run in runs}


def _failures_since(success):
    """{kind: failed or abandoned runs since its last success}, counted in one query."""
    failed = Q(status__in=[SyncRun.Status.FAILED, SyncRun.Status.ABANDONED])
    counts = {
        kind: Count("id", filter=failed & Q(kind=kind) & (Q(started_at__gt=success[kind].started_at)
                                                           if kind in success else Q()))
        for kind in SyncRun.Kind.values
    }
    return SyncRun.objects.aggregate(**counts)


def dashboard_figures():
    low = settings.INNOCIGS_LOW_STOCK
    # One range of the stock-level index: only the products out of or low on stock are read.
    stock = Product.objects.filter(active=True, stock_quantity__lte=low).aggregate(
        out=Count("id", filter=Q(stock_quantity__lte=0)),
        low=Count("id", filter=Q(stock_quantity__gt=0)),
    )
    figures = [
        Figure(GROUP, _("products out of stock"), stock["out"], _changelist("product", active="active", stock="out"),
               "warn"),
        Figure(GROUP, _("products low on stock (1-%(low)s)") % {"low": low}, stock["low"],
               _changelist("product", active="active", stock="low")),
        Figure(GROUP, _("open backorders"), BackorderItem.objects.filter(resolved_at__isnull=True).count(),
               _changelist("backorderitem", state="open")),
    ]
    now = timezone.now()
    last, success = _latest_runs(), _latest_runs(status=SyncRun.Status.SUCCEEDED)
    failed = _failures_since(success)
    for kind in SyncRun.Kind.values:
        url = _changelist("syncrun", kind=kind)
        sync, syncs = SYNC_WORDS[kind]
        if kind not in success:
            figures.append(Figure(GROUP, _("successful %(syncs)s so far") % {"syncs": syncs}, 0, url, "alert"))
        else:
            minutes = int((now - success[kind].finished_at).total_seconds() // 60)
            value, since = _age(minutes)
            overdue = minutes > 2 * EXPECTED_EVERY[kind]
            figures.append(Figure(GROUP, since % {"sync": sync}, value, url, "warn" if overdue else ""))
        if kind in last and last[kind].status != SyncRun.Status.SUCCEEDED:
            failures = _("failed %(syncs)s since the last success: %(error)s") % {
                "syncs": syncs, "error": stored_words(last[kind].error)[:120]}
            figures.append(Figure(GROUP, failures, failed[kind], _changelist("syncrun", kind=kind, status="failed"),
                                  "alert"))
    return figures
