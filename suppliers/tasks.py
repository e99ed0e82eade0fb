"""Queue entry points: set the actor, call the service, return a line for the task's result."""

from backoffice.errors import PartnerError
from backoffice.jobs import JobStopped, job_run
from suppliers.models import Product
from suppliers.services import SyncBusy, backorders_sync, prices_sync, products_sync, stock_sync


def _scheduled(name, sync, **kwargs):
    try:
        return sync(actor=f"schedule:{name}", **kwargs).summary()
    except SyncBusy as exc:  # not a failure: the running one does the work
        return str(exc)


def sync_stock_task():
    return _scheduled("sync_stock", stock_sync)


def sync_prices_task():
    return _scheduled("sync_prices", prices_sync)


def sync_products_task(extended=True):
    return _scheduled("sync_products", products_sync, extended=extended)


def sync_pending_task():
    return _scheduled("sync_pending", backorders_sync)


REFRESHES = {"stock": (stock_sync, ("stock_quantity", "shipping_status")),
             "prices": (prices_sync, ("purchase_price", "recommended_price"))}


def refresh_job_task(job_id, *, what, product_ids, acting=None):
    """An admin's "Refresh stock/prices now" on a large selection, with a line per product on the job's page.

    `acting` is kept for tasks queued before the job's creator became the actor; it is the same person.
    """
    sync, fields = REFRESHES[what]
    products = Product.objects.filter(pk__in=product_ids).order_by("model")

    def work(actor, advance):
        before = {p["model"]: p for p in products.values("model", *fields)}
        try:
            result = sync(models=list(before), actor=actor)
        except (PartnerError, SyncBusy) as exc:
            raise JobStopped(f"Nothing was changed: {exc}") from exc
        after = {p["model"]: p for p in products.values("model", *fields)}
        for model, old in before.items():
            new = after[model]
            changes = ", ".join(f"{f.replace('_', ' ')} {old[f]} → {new[f]}" for f in fields if old[f] != new[f])
            advance(True, f"{model}: {changes or 'unchanged'}")
        return result.summary()
    return job_run(job_id, work)
