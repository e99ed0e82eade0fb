"""Returns at MeinEinkauf's returns centre in Switzerland: synced with their items, history, tour and
tracking, and marked as handled by staff once the refund and the goods are settled."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.actors import acting_as
from backoffice.partners import partner_config
from orders.models import Order
from orders.services.history import order_note, order_set_status
from shipping.meineinkauf.client import PARTNER, MeinEinkaufClient
from shipping.meineinkauf.feeds import UNCHANGED, UPDATED, feed_read
from shipping.meineinkauf.health import credentials_accepted, watching_credentials
from shipping.meineinkauf.history import mirror_store
from shipping.meineinkauf.models import (
    MeinEinkaufOrder,
    MeinEinkaufReturn,
    MeinEinkaufReturnItem,
    MeinEinkaufReturnStateChange,
)
from shipping.meineinkauf.partner import ROUTE
from shipping.meineinkauf.tracking import NOT_CONFIGURED, sync_window

FEED = "returns"


def returns_sync(*, actor, days=None, progress=None) -> str:
    """Reads the returns MeinEinkauf changed since the last sync (or in the last `days`) and stores them.
    Idempotent. Returns a summary line."""
    if not partner_config(PARTNER).configured:
        return NOT_CONFIGURED
    since, _ = sync_window(days=days)
    client = MeinEinkaufClient.from_settings()
    with acting_as(actor), watching_credentials():
        run = feed_read(feed=FEED, fetch=client.returns,
                        apply=lambda remote: meineinkauf_return_apply(remote=remote, actor=actor),
                        since=since, progress=progress, keep_cursor=since is None)
    credentials_accepted("the returns sync was answered")
    if since:
        return N_("MeinEinkauf returns (last %(days)s days): %(summary)s.") % {"days": days, "summary": run.summary()}
    return N_("MeinEinkauf returns: %(summary)s.") % {"summary": run.summary()}


def _shop_order(ref):
    if ref.id is not None:
        record = MeinEinkaufOrder.objects.select_related("order").filter(meineinkauf_id=ref.id).first()
        if record is not None:
            return record.order
    if ref.order_number:
        return Order.objects.filter(route=ROUTE, number=ref.order_number).first()
    return None


def _file(ref):
    if ref is None:
        return {}
    return {"name": ref.name, "mime_type": ref.mime_type, "extension": ref.extension, "size": ref.size}


def meineinkauf_return_apply(*, remote, actor) -> str:
    """Stores one return as MeinEinkauf reports it; applying the same report again changes nothing."""
    order = _shop_order(remote.order)
    tour, tracking = remote.tour, remote.tracking
    values = {
        "reference": remote.reference[:100],
        "order_id": order.pk if order else None,
        "order_number": remote.order.order_number[:255],
        "order_meineinkauf_id": remote.order.id,
        "processing_state": remote.processing_state[:100],
        "state_changed_at": remote.state_changed_at,
        "registered_at": remote.created,
        "tour_id": tour.id if tour else None,
        "mrn_de": tour.mrn_de[:60] if tour else "",
        "mrn_ch": tour.mrn_ch[:60] if tour else "",
        "transfer_date": tour.transfer_date if tour else None,
        "carrier": tracking.carrier[:60] if tracking else "",
        "tracking_number": tracking.tracking_number[:100] if tracking else "",
        "label": _file(tracking.label if tracking else None),
        "extra": dict(remote.extra),
    }
    with transaction.atomic():
        record = MeinEinkaufReturn.objects.select_for_update().filter(meineinkauf_id=remote.id).first()
        created = record is None
        if created:
            record = MeinEinkaufReturn(meineinkauf_id=remote.id)
        changed = mirror_store(record, values, remote, change=lambda state, changed_at: MeinEinkaufReturnStateChange(
            meineinkauf_return=record, state=state, changed_at=changed_at))
        changed |= _record_items(record, remote)
        if created and order is not None:
            order_note(order_id=order.pk, actor=actor,
                       note=N_("MeinEinkauf return %(reference)s registered with %(count)s item(s)") % {
                           "reference": record.reference, "count": len(remote.items)})
    return UPDATED if changed else UNCHANGED


def _record_items(record, remote) -> bool:
    changed = False
    for index, item in enumerate(remote.items, start=1):
        key = item.reference or (f"id:{item.id}" if item.id is not None else f"#{index}")
        values = {
            "meineinkauf_id": item.id, "reference": item.reference[:100],
            "article_number": item.article.article_number[:255], "article_name": item.article.name[:255],
            "article_external_id": item.article.external_id[:255], "reason": item.reason[:100],
            "state": item.state[:100], "extra": dict(item.extra),
        }
        existing = MeinEinkaufReturnItem.objects.filter(meineinkauf_return=record, item_key=key[:120]).first()
        if existing is None:
            MeinEinkaufReturnItem.objects.create(meineinkauf_return=record, item_key=key[:120], **values)
            changed = True
        elif any(getattr(existing, k) != v for k, v in values.items()):
            MeinEinkaufReturnItem.objects.filter(pk=existing.pk).update(**values)
            changed = True
    return changed


def return_mark_handled(*, meineinkauf_return, actor, note) -> bool:
    """Staff settled the return (refund, goods checked), saying how in `note`: it no longer asks for action, and
    its order moves to "returned". False if it was handled already (a second click changes nothing)."""
    note = note.strip()
    if not note:
        raise ValueError("a note on how the return was settled is required")
    with transaction.atomic():
        taken = MeinEinkaufReturn.objects.filter(pk=meineinkauf_return.pk, handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=actor[:120], handled_note=note)
        order = (Order.objects.select_for_update().filter(pk=meineinkauf_return.order_id).first()
                 if taken and meineinkauf_return.order_id else None)
        if order is not None:
            text = N_("MeinEinkauf return %(reference)s marked as handled: %(note)s") % {
                "reference": meineinkauf_return.reference, "note": note}
            if Order.Status.RETURNED in Order.TRANSITIONS[order.status]:
                order_set_status(order=order, to=Order.Status.RETURNED, actor=actor, note=text)
            else:  # already returned, or never sent (nothing to move): the history still says who settled it
                order_note(order_id=order.pk, actor=actor, note=text)
    return bool(taken)
