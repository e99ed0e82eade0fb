"""Following orders at MeinEinkauf: processing state and its history, consignments with their Swiss
tracking and documents, and the shop order moved on (exported → shipped; delivered when reported).

`tracking_sync` is what `manage.py sync_tracking --partner meineinkauf` and its schedule run.
"""

from datetime import date, datetime, time, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.actors import acting_as
from backoffice.partners import partner_config
from backoffice.stored_texts import in_english
from orders.models import Order, Submission
from orders.services.history import order_set_status
from shipping.meineinkauf import states
from shipping.meineinkauf.client import PARTNER, MeinEinkaufClient
from shipping.meineinkauf.feeds import NOT_IN_SHOP, UNCHANGED, UPDATED, feed_read
from shipping.meineinkauf.health import credentials_accepted, watching_credentials
from shipping.meineinkauf.history import mirror_store
from shipping.meineinkauf.models import (
    MeinEinkaufConsignment,
    MeinEinkaufDocument,
    MeinEinkaufOrder,
    MeinEinkaufStateChange,
)
from shipping.meineinkauf.partner import ROUTE
from shipping.services import TrackingUpdate, shipment_apply_tracking, shipment_record
from shipping.tracking import tracking_url

# The default list leaves cancelled orders out, and naming every state would leave out states added
# later: so cancelled orders are a feed of their own.
FEEDS = (("orders", ()), ("orders_cancelled", states.LISTED_ONLY_ON_REQUEST))

COUNTRY = "CH"  # where MeinEinkauf's carriers deliver: their tracking pages are the Swiss ones
NOT_CONFIGURED = "MeinEinkauf.ch is not configured (MEINEINKAUF_BASE_URL is empty); nothing synced."


def sync_window(*, day=None, days=None):
    """(since, until) for a sync of one day or of the last `days`; (None, None) to continue from the cursor."""
    if day:
        start = date.fromisoformat(day) if isinstance(day, str) else day
        since = timezone.make_aware(datetime.combine(start, time.min))
        return since, since + timedelta(days=1)
    if days:
        return timezone.now() - timedelta(days=int(days)), None
    return None, None


def tracking_sync(*, actor, day=None, days=None, progress=None) -> str:
    """Reads the orders MeinEinkauf changed since the last sync (or on `day` / in the last `days`) and
    applies them. Idempotent. Returns a summary line."""
    if not partner_config(PARTNER).configured:
        return NOT_CONFIGURED
    since, until = sync_window(day=day, days=days)
    client = MeinEinkaufClient.from_settings()
    runs = []
    with acting_as(actor), watching_credentials():
        for feed, listed_states in FEEDS:
            runs.append(feed_read(
                feed=feed, fetch=partial(client.orders, states=listed_states),
                apply=lambda remote: meineinkauf_order_apply(remote=remote, actor=actor),
                since=since, until=until, progress=progress, keep_cursor=since is None,
            ))
    credentials_accepted("the orders sync was answered")
    orders, cancelled = runs
    done = {"orders": orders.summary(), "cancelled": cancelled.summary(), "day": day, "days": days}
    if since and day:
        return N_("MeinEinkauf orders (on %(day)s): %(orders)s; cancelled orders: %(cancelled)s.") % done
    if since:
        return N_("MeinEinkauf orders (last %(days)s days): %(orders)s; cancelled orders: %(cancelled)s.") % done
    return N_("MeinEinkauf orders: %(orders)s; cancelled orders: %(cancelled)s.") % done


def order_refresh(*, order, actor) -> str:
    """Reads one order from MeinEinkauf now and applies it; the words say what happened."""
    reference = order.meineinkauf.order_number if hasattr(order, "meineinkauf") else order.number
    with acting_as(actor), watching_credentials():
        remote = MeinEinkaufClient.from_settings().order(reference, related=order)
    if remote is None:
        return f"{order.number}: MeinEinkauf has no order with this number."
    outcome = meineinkauf_order_apply(remote=remote, actor=actor)
    return f"{order.number}: {states.order_state(remote.processing_state).label} ({outcome})."


def _shop_order(remote):
    record = MeinEinkaufOrder.objects.select_related("order").filter(meineinkauf_id=remote.id).first()
    if record is not None:
        return record.order
    return Order.objects.filter(route=ROUTE, number=remote.order_number).first()


def meineinkauf_order_apply(*, remote, actor) -> str:
    """Records what MeinEinkauf reports for one order; applying the same report again changes nothing."""
    order = _shop_order(remote)
    if order is None:
        return NOT_IN_SHOP
    with transaction.atomic():
        record = MeinEinkaufOrder.objects.select_for_update().filter(order=order).first()
        values = {
            "meineinkauf_id": remote.id, "order_number": remote.order_number[:255],
            "external_id": remote.external_id[:255], "processing_state": remote.processing_state[:100],
            "state_changed_at": remote.state_changed_at, "registered_at": remote.created,
            "extra": dict(remote.extra),
        }
        if record is None:
            record = MeinEinkaufOrder(order=order)
        changed = mirror_store(record, values, remote, change=lambda state, changed_at: MeinEinkaufStateChange(
            meineinkauf_order=record, state=state, changed_at=changed_at))
        changed |= _record_consignments(record, remote, order, actor)
        changed |= _advance_order(order, remote, record, actor)
    return UPDATED if changed else UNCHANGED


def _file_fields(ref):
    return {"mime_type": ref.mime_type[:100], "extension": ref.extension[:20], "size": ref.size}


def _documents(consignment):
    """(kind, file, tracking) for every file MeinEinkauf lists on a consignment."""
    found = []
    if consignment.customer_invoice:
        found.append((MeinEinkaufDocument.Kind.INVOICE, consignment.customer_invoice, None))
    for kind, tracking in [(MeinEinkaufDocument.Kind.LABEL, consignment.tracking),
                           (MeinEinkaufDocument.Kind.GAS_LABEL, consignment.gas),
                           *((MeinEinkaufDocument.Kind.GAS_LABEL, t) for t in consignment.gas_labels)]:
        if tracking and tracking.label:
            found.append((kind, tracking.label, tracking))
    return found


def _storage(storage):
    if storage is None:
        return {}
    return {"cause": storage.cause, "solution": storage.solution,
            "check_in": storage.check_in.isoformat() if storage.check_in else "",
            "check_out": storage.check_out.isoformat() if storage.check_out else ""}


def _items(items):
    return [{"reference": i.reference, "article_number": i.article.article_number, "name": i.article.name,
             "reason": i.reason, "state": i.state} for i in items]


def _record_consignments(record, remote, order, actor) -> bool:
    changed = False
    submission = order.submissions.filter(partner=PARTNER, state=Submission.State.ACCEPTED).first()
    for index, remote_consignment in enumerate(remote.consignments, start=1):
        tracking = remote_consignment.tracking
        values = {
            "external_id": remote_consignment.external_id[:255],
            "carrier": tracking.carrier[:60] if tracking else "",
            "tracking_number": tracking.tracking_number[:100] if tracking else "",
            "storage": _storage(remote_consignment.storage),
            "items": _items(remote_consignment.items),
            "extra": dict(remote_consignment.extra),
        }
        consignment, created = MeinEinkaufConsignment.objects.get_or_create(
            meineinkauf_order=record, reference=(remote_consignment.reference or f"#{index}")[:100], defaults=values,
        )
        if not created and any(getattr(consignment, key) != value for key, value in values.items()):
            MeinEinkaufConsignment.objects.filter(pk=consignment.pk).update(**values)
            consignment.refresh_from_db()
            changed = True
        changed |= created
        for kind, ref, ref_tracking in _documents(remote_consignment):
            _, made = MeinEinkaufDocument.objects.update_or_create(
                consignment=consignment, kind=kind, name=ref.name[:255],
                defaults={**_file_fields(ref), "carrier": (ref_tracking.carrier if ref_tracking else "")[:60],
                          "tracking_number": (ref_tracking.tracking_number if ref_tracking else "")[:100]},
            )
            changed |= made
        if consignment.tracking_number:
            changed |= _track(record, consignment, order, submission, actor)
    return changed


def _track(record, consignment, order, submission, actor) -> bool:
    """The Swiss parcel as a shipment, its timeline taken from the processing history."""
    shipment, created = shipment_record(
        order=order, partner=PARTNER, carrier=consignment.carrier, tracking_code=consignment.tracking_number,
        tracking_url=tracking_url(consignment.carrier, consignment.tracking_number, country=COUNTRY), actor=actor,
        submission=submission, details={"meineinkauf_id": record.meineinkauf_id, "consignment": consignment.reference},
        shipped=False,
    )
    if consignment.shipment_id != shipment.pk:
        MeinEinkaufConsignment.objects.filter(pk=consignment.pk).update(shipment=shipment)
    updates = [
        TrackingUpdate(occurred_at=step.changed_at, delivery_state=states.DELIVERY_STATE[step.state],
                       status_code=step.state[:40], description=step.words.explanation, location="MeinEinkauf")
        for step in record.history.all()
        if step.state in states.DELIVERY_STATE
    ]
    moved = shipment_apply_tracking(shipment=shipment, updates=updates, actor=actor) if updates else False
    return created or moved


def _advance_order(order, remote, record, actor) -> bool:
    """Moves the shop order on when MeinEinkauf exported or delivered it but named no parcel to follow."""
    if record.consignments.exclude(tracking_number="").exists():
        return False  # the parcel's tracking moves the order
    targets = {"delivered": Order.Status.DELIVERED, **dict.fromkeys(states.EXPORTED, Order.Status.SHIPPED)}
    to = targets.get(remote.processing_state)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if to is None or to == order.status or to not in Order.TRANSITIONS[order.status]:
        return False
    return order_set_status(order=order, to=to, actor=actor,
                            note=N_("MeinEinkauf: %(state)s") % {
                                "state": in_english(states.order_state(remote.processing_state).label).lower()})
