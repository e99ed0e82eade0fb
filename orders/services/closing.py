"""Staff close an order by hand as delivered, when no carrier will say so (the customer confirmed it, say)."""

from django.db import transaction
from django.utils.translation import gettext as _

from orders.models import Order
from orders.services.history import order_set_status


class CannotMarkDelivered(Exception):
    """The order is not on its way; the message says why, in words."""


def order_mark_delivered(*, order, actor, note):
    """Staff close a submitted or shipped order as delivered, with their note in its history."""
    note = (note or "").strip()
    if not note:
        raise CannotMarkDelivered(_("Say how you know it was delivered (for example: the customer confirmed it)."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in (Order.Status.SUBMITTED, Order.Status.SHIPPED):
            raise CannotMarkDelivered(_("Order %(number)s is %(status)s; only a submitted or shipped order can be "
                                        "marked delivered.") % {"number": locked.number,
                                                                "status": locked.get_status_display().lower()})
        order_set_status(order=locked, to=Order.Status.DELIVERED, actor=actor,
                         note=_("marked delivered by hand: %(note)s") % {"note": note[:400]})
        Order.objects.filter(pk=locked.pk).update(delivered_by="staff")
