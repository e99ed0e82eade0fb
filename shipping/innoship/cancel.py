"""Cancelling an Innoship booking while the courier has not picked the parcel up.

Innoship cancels first; only then, in one transaction, the shipment becomes cancelled, the submission
goes from accepted to cancelled and the order back to ready, so it may be booked again.
"""

from django.db import transaction
from django.utils import timezone

from backoffice.actors import acting_as
from orders.models import Order, Submission
from orders.services.history import order_set_status, submission_set_state
from shipping.models import DeliveryState, Shipment
from shipping.services import TrackingUpdate, shipment_apply_tracking

from .client import PARTNER, InnoshipClient
from .statuses import CANCELLED_IDS

CANCELLED_BY_SENDER = min(CANCELLED_IDS)  # Innoship's "Canceled" (by the sender)


class CannotCancel(Exception):
    pass


def cancel_problem(shipment) -> str:
    """Why this booking cannot be cancelled here, or ""."""
    if shipment.partner != PARTNER or not shipment.courier_id:
        return "it is not an Innoship booking"
    if shipment.delivery_state == DeliveryState.CANCELLED:
        return "it is cancelled already"
    if shipment.delivery_state != DeliveryState.RECORDED:
        return f"the courier has it already ({shipment.get_delivery_state_display().lower()})"
    if shipment.submission_id is None or shipment.submission.state != Submission.State.ACCEPTED:
        return "its booking is not the order's accepted submission"
    return ""


def booking_cancel(*, shipment, actor) -> Shipment:
    """Cancels the booking at Innoship, then records it. Raises CannotCancel, or PartnerError when Innoship
    refuses or cannot be reached (then nothing changes here; cancelling again is harmless)."""
    problem = cancel_problem(shipment)
    if problem:
        raise CannotCancel(f"{shipment}: {problem}.")
    with acting_as(actor):
        InnoshipClient.from_settings().cancel(shipment.courier_id, shipment.tracking_code, related=shipment)
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        submission = Submission.objects.select_for_update().get(pk=shipment.submission_id)
        note = f"booking {shipment} cancelled at Innoship"
        shipment_apply_tracking(shipment=shipment, actor=actor, updates=[TrackingUpdate(
            occurred_at=timezone.now(), delivery_state=DeliveryState.CANCELLED,
            status_code=str(CANCELLED_BY_SENDER), description=f"Booking cancelled by {actor}",
        )])
        if submission.state == Submission.State.ACCEPTED:
            submission_set_state(submission=submission, to=Submission.State.CANCELLED, actor=actor, note=note,
                                 message=note)
        order = Order.objects.select_for_update().get(pk=shipment.order_id)
        if order.partner_reference == shipment.tracking_code:
            order.partner_reference = ""
            order.save(update_fields=["partner_reference", "updated_at"])
        if order.status == Order.Status.SUBMITTED:
            order_set_status(order=order, to=Order.Status.READY, actor=actor, note=f"{note}; it may be booked again")
    shipment.refresh_from_db()
    return shipment
