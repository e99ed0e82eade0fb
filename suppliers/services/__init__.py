"""The writes of the catalogue: syncs of products, stock, prices and backorders, each one transaction.

Every entry point (command, schedule, admin action, demo data) ends in these functions.
"""

from .backorders import backorders_apply, backorders_sync
from .prices import prices_apply, prices_sync
from .products import products_apply, products_sync
from .runs import SyncBusy, SyncResult
from .stock import stock_apply, stock_sync

__all__ = [
    "SyncBusy", "SyncResult", "backorders_apply", "backorders_sync", "prices_apply", "prices_sync",
    "products_apply", "products_sync", "stock_apply", "stock_sync",
]
