"""Closing orders whose delivery no carrier reports: InnoCigs ships dropships but never says "delivered", so
such an order would stay shipped for ever and its customer's data would never be purged.

A shipped order whose parcels reported no problem for DELIVERY_ASSUMED_DAYS (counted from the last news of any
parcel) is "delivered (assumed)", and its history says so.
Staff may also close an order by hand, with a note: `orders.services.closing.order_mark_delivered`.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import Order
from orders.services.history import order_set_status
from shipping.models import DeliveryState, Shipment

TROUBLE = (DeliveryState.INCIDENT, DeliveryState.RETURNED, DeliveryState.CANCELLED)


def orders_due_assumed_delivered(*, now=None):
    """Shipped orders whose parcels have all been quiet, without trouble, for DELIVERY_ASSUMED_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.DELIVERY_ASSUMED_DAYS)
    trouble = Shipment.objects.filter(order=OuterRef("pk"), delivery_state__in=TROUBLE)
    return (Order.objects.filter(status=Order.Status.SHIPPED)
            .annotate(last_news=Max(Greatest("shipments__created_at",
                                             Coalesce("shipments__state_changed_at", "shipments__created_at"))))
            .filter(~Exists(trouble), last_news__lt=cutoff))


def orders_assume_delivered(*, actor, now=None, on_order=None) -> int:
    """Marks each due order delivered (assumed); returns how many. Rerunning it changes nothing."""
    done = 0
    for order_id in list(orders_due_assumed_delivered(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            if order.status != Order.Status.SHIPPED:
                continue  # tracking moved it meanwhile
            note = _("delivered (assumed): no parcel reported a problem for %(days)d days") % {
                "days": settings.DELIVERY_ASSUMED_DAYS}
            order_set_status(order=order, to=Order.Status.DELIVERED, actor=actor, note=note)
            Order.objects.filter(pk=order.pk).update(delivered_by="assumed")
        done += 1
        if on_order:
            on_order(order)
    return done
