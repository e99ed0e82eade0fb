"""Demo data: a small catalogue from the sandbox's generator, written by the real parse and write services.

`make run` loads it before the server is up, so nothing goes over HTTP: the sandbox's replies are built in
memory and parsed exactly as the client parses them.
"""

from datetime import timedelta

from django.utils import timezone

from suppliers.innocigs.parse import parse_backorder, parse_product, parse_stock
from suppliers.innocigs.sandbox import items as sandbox
from suppliers.innocigs.shapes import items
from suppliers.models import Product, StockSnapshot, SyncRun
from suppliers.services import backorders_apply, products_apply, stock_apply
from suppliers.services.runs import run_sync

SIZE = 120
ACTOR = "command:load_demo"
HISTORY_TICKS = 60  # six-hourly stock readings: two weeks of history


def load_demo_catalogue():
    if Product.objects.exists():
        return f"Demo catalogue: {Product.objects.count()} products already there; unchanged."
    reply = sandbox.products_reply(SIZE, "rest", extended=True)
    run_sync(actor=ACTOR, kind=SyncRun.Kind.PRODUCTS, scope="full", api="demo", work=lambda: products_apply(
        products=[parse_product(i) for i in items(reply, "PRODUCTS", "PRODUCT")]))
    now = timezone.now()
    for tick in range(HISTORY_TICKS + 1):
        reply = sandbox.stock_reply(SIZE, tick, "rest")
        mark = timezone.now()
        run_sync(actor=ACTOR, kind=SyncRun.Kind.STOCK, scope="full", api="demo", work=lambda r=reply: stock_apply(
            levels=[parse_stock(i) for i in items(r, "QUANTITIES", "PRODUCT")], full=True))
        taken = now - timedelta(hours=6 * (HISTORY_TICKS - tick))
        StockSnapshot.objects.filter(taken_at__gte=mark).update(taken_at=taken)
        Product.objects.filter(stock_changed_at__gte=mark).update(stock_changed_at=taken)
    reply = sandbox.pending_reply("rest")
    run_sync(actor=ACTOR, kind=SyncRun.Kind.PENDING, scope="full", api="demo", work=lambda: backorders_apply(
        items=[parse_backorder(i) for i in items(reply, "PENDINGS", "PRODUCT")]))
    return (f"Demo catalogue: {Product.objects.count()} products with {StockSnapshot.objects.count()} stock "
            "changes over two weeks, and the sandbox's backorders.")
