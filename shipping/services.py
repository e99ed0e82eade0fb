"""Writes of shipments and their tracking, shared by every partner."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from orders.models import Order
from orders.services.history import order_set_status
from shipping.models import DeliveryState, Shipment, TrackingEvent

# What a shipment's delivery state means for its order's status.
ORDER_STATUS_FOR = {
    DeliveryState.IN_TRANSIT: Order.Status.SHIPPED,
    DeliveryState.OUT_FOR_DELIVERY: Order.Status.SHIPPED,
    DeliveryState.DELIVERED: Order.Status.DELIVERED,
    DeliveryState.RETURNED: Order.Status.RETURNED,
}


@dataclass(frozen=True)
class TrackingUpdate:
    """One status a carrier reported, already mapped to a normalised delivery state."""

    occurred_at: datetime
    delivery_state: str
    status_code: str = ""
    description: str = ""
    location: str = ""


def _to_hub(order, partner):
    """A parcel of an earlier leg (InnoCigs to MeinEinkauf's hub) is not the customer's delivery."""
    return order.goes_via_hub and partner != order.legs[-1]


def _advance_order(order, to, actor, note, partner):
    if _to_hub(order, partner):
        return
    if to and to != order.status and to in Order.TRANSITIONS[order.status]:
        order_set_status(order=order, to=to, actor=actor, note=note)


def shipment_record(*, order, partner, carrier, tracking_code, actor, submission=None, tracking_url="",
                    delivery_number="", details=None, shipped=True):
    """The shipment with this tracking code, created once; re-recording it changes nothing.

    `shipped=True` (a parcel handed to a carrier) moves a submitted order to shipped.
    """
    with transaction.atomic():
        shipment, created = Shipment.objects.get_or_create(
            partner=partner, carrier=carrier, tracking_code=tracking_code,
            defaults={"order": order, "submission": submission, "tracking_url": tracking_url,
                      "delivery_number": delivery_number, "details": details or {},
                      # A parcel handed to a carrier is on its way; a booked label is only recorded.
                      "delivery_state": DeliveryState.IN_TRANSIT if shipped else DeliveryState.RECORDED,
                      "state_changed_at": timezone.now()},
        )
        if not created:
            changed = {k: v for k, v in {"tracking_url": tracking_url, "delivery_number": delivery_number}.items()
                       if v and getattr(shipment, k) != v}
            if changed:
                Shipment.objects.filter(pk=shipment.pk).update(**changed)
        if shipped and created:
            locked = Order.objects.select_for_update().get(pk=order.pk)
            _advance_order(locked, Order.Status.SHIPPED, actor, f"{carrier} {tracking_code}".strip(), partner)
    return shipment, created


def shipment_apply_tracking(*, shipment, updates: list[TrackingUpdate], actor) -> bool:
    """Adds the updates not seen before and moves the shipment (and its order) to the latest state."""
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        known = set(shipment.events.values_list("occurred_at", "status_code"))
        fresh = [u for u in updates if (u.occurred_at, u.status_code) not in known]
        TrackingEvent.objects.bulk_create(
            TrackingEvent(shipment=shipment, occurred_at=u.occurred_at, status_code=u.status_code,
                          description=u.description[:300], location=u.location[:120], delivery_state=u.delivery_state)
            for u in fresh
        )
        shipment.last_polled_at = timezone.now()
        changed = False
        latest = max(updates, key=lambda u: u.occurred_at, default=None)
        if latest and latest.delivery_state != shipment.delivery_state:
            shipment.delivery_state = latest.delivery_state
            shipment.state_changed_at = latest.occurred_at
            changed = True
        shipment.save(update_fields=["last_polled_at", "delivery_state", "state_changed_at"])
        if changed:
            order = Order.objects.select_for_update().get(pk=shipment.order_id)
            _advance_order(order, ORDER_STATUS_FOR.get(shipment.delivery_state), actor,
                           f"{shipment}: {shipment.get_delivery_state_display().lower()}", shipment.partner)
    return changed
