"""Cancelling an Innoship booking while the courier has not picked the parcel up.

Through the lifecycle's cancellation (orders.services.cancellations): the accepted submission is claimed,
Innoship cancels, and only then, in one transaction, the shipment becomes cancelled, the submission goes from
accepted to cancelled and the order back to ready, so it may be booked again.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from orders.models import Submission
from orders.services.cancellations import CancelInProgress, submission_cancel
from shipping.models import DeliveryState, Shipment
from shipping.services import TrackingUpdate, shipment_apply_tracking

from .client import PARTNER, InnoshipClient
from .models import booking_for
from .statuses import CANCELLED_IDS

CANCELLED_BY_SENDER = min(CANCELLED_IDS)  # Innoship's "Canceled" (by the sender)
# Why not: said to the person asking, in their language (never stored).
NOT_INNOSHIP = gettext_lazy("it is not an Innoship booking")
SHIPMENT_PROBLEM = gettext_lazy("%(shipment)s: %(problem)s.")


class CannotCancel(Exception):
    pass


def cancel_problem(shipment) -> str:
    """Why this booking cannot be cancelled here, or ""."""
    if shipment.partner != PARTNER or not booking_for(shipment).courier_id:
        return str(NOT_INNOSHIP)
    if shipment.delivery_state == DeliveryState.CANCELLED:
        return _("it is cancelled already")
    if shipment.delivery_state != DeliveryState.RECORDED:
        return _("the courier has it already (%(state)s)") % {"state": shipment.get_delivery_state_display().lower()}
    if shipment.submission_id is None or shipment.submission.state != Submission.State.ACCEPTED:
        return _("its booking is not the order's accepted submission")
    return ""


def booking_cancel(*, shipment, actor) -> Shipment:
    """Cancels the booking at Innoship, then records it, through the lifecycle's cancellation (claimed first, so a
    double click sends one request). Raises CannotCancel, or PartnerError when Innoship refuses or cannot be
    reached (then nothing changes here; cancelling again is harmless)."""
    problem = cancel_problem(shipment)
    if problem:
        raise CannotCancel(SHIPMENT_PROBLEM % {"shipment": shipment, "problem": problem})
    note = N_("booking %(shipment)s cancelled at Innoship") % {"shipment": shipment}

    def cancel_at_innoship():
        InnoshipClient.from_settings().cancel(booking_for(shipment).courier_id, shipment.tracking_code,
                                              related=shipment)

    def shipment_cancelled(submission):
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        shipment_apply_tracking(shipment=locked, actor=actor, updates=[TrackingUpdate(
            occurred_at=timezone.now(), delivery_state=DeliveryState.CANCELLED,
            status_code=str(CANCELLED_BY_SENDER), description=N_("Booking cancelled by %(actor)s") % {"actor": actor},
        )])

    try:
        submission_cancel(submission=shipment.submission, actor=actor, note=note,
                          order_note_text=N_("%(note)s; it may be booked again") % {"note": note},
                          call=cancel_at_innoship,
                          on_cancelled=shipment_cancelled)
    except CancelInProgress as exc:
        raise CannotCancel(SHIPMENT_PROBLEM % {"shipment": shipment, "problem": exc}) from None
    shipment.refresh_from_db()
    return shipment
