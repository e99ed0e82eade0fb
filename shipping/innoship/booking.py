"""Innoship courier bookings in the one submission lifecycle: one order, one `POST api/Order`, one AWB.

A booking costs money, so the lifecycle's guarantees matter here: the claim is committed before the call,
the POST is never retried, and a booking whose reply was lost is settled by looking it up at Innoship
(by our order number, its externalOrderId), never by booking again.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop as N_

from backoffice.errors import PartnerValidationError
from backoffice.stored_texts import SOURCE_LANGUAGE
from backoffice.words import field_words, when
from orders.adapters import LOCAL, Outcome, PartnerAdapter
from orders.models import Order, Submission
from shipping.models import DeliveryState, Shipment
from shipping.services import shipment_record

from .client import PARTNER, Booking, InnoshipClient
from .models import CourierBooking
from .request import booking_problems, booking_request, preview_rows, shop_field
from .statuses import CANCELLED_IDS

S = Submission.State


def booking_references(booking: Booking) -> dict:
    """Everything Innoship said about the booking, as the submission keeps it (JSON)."""
    price = booking.price
    return {
        "ClientOrderId": booking.client_order_id,
        "CourierShipmentId": booking.awb,
        "Courier": booking.courier_id,
        "CourierName": booking.courier_name,
        "TrackPageUrl": booking.track_page_url,
        "Price": {"Amount": str(price.amount), "VAT": str(price.vat), "Total": str(price.total),
                  "Currency": price.currency} if price else None,
        "CalculatedDeliveryDate": booking.delivery_date.isoformat() if booking.delivery_date else "",
        "Barcodes": list(booking.barcodes),
        "Extra": {key: str(value) if isinstance(value, Decimal) else value for key, value in booking.extra},
    }


def booking_outcome(booking: Booking, *, how, note="") -> Outcome:
    """`how` and `note` are marked texts (N_): the message is stored in English and said in the reader's
    language where it is shown."""
    with translation.override(SOURCE_LANGUAGE):
        message = N_("%(how)s: %(courier)s AWB %(awb)s") % {"how": how, "courier": booking.courier_name,
                                                            "awb": booking.awb}
        if booking.price:
            message = N_("%(booked)s, %(total)s %(currency)s") % {
                "booked": message, "total": booking.price.total, "currency": booking.price.currency}
        if booking.delivery_date:
            message = N_("%(booked)s, delivery expected %(date)s") % {"booked": message,
                                                                        "date": when(booking.delivery_date)}
        if note:
            message = N_("%(booked)s. %(note)s") % {"booked": message, "note": note}
    return Outcome(S.ACCEPTED, partner_reference=booking.awb, references=booking_references(booking),
                   message=message)


def _refused(issues, message) -> Outcome:
    return Outcome(S.REFUSED, issues=tuple(issues), message=message)


class InnoshipBookingAdapter(PartnerAdapter):
    partner = PARTNER
    label = "Innoship"
    batch_size = 1  # one booking per request

    def problems(self, order):
        return booking_problems(order)

    def preview(self, order):
        return preview_rows(order)

    def send(self, submissions):
        outcomes = {}
        client = InnoshipClient.from_settings()
        for submission in submissions:
            outcomes[submission.pk] = self._book(client, submission)
        return outcomes

    def _book(self, client, submission) -> Outcome:
        order = Order.objects.select_related("shipping_address", "innoship_options").prefetch_related("lines").get(
            pk=submission.order_id)
        payload = booking_request(order)
        if settings.INNOSHIP_VALIDATE_FIRST:
            check = client.validate(payload, related=submission)
            if not check.valid:
                return _refused(check.issues, N_("Innoship's check refused it, nothing booked: %(issues)s") % {
                    "issues": "; ".join(str(i) for i in check.issues)})
        try:
            booking = client.book(payload, related=submission)
        except PartnerValidationError as exc:
            return _refused(exc.issues, N_("Innoship refused the booking: %(reason)s") % {"reason": exc.message})
        return booking_outcome(booking, how=N_("booked"))

    def reconcile(self, submission):
        """Looks the booking up at Innoship by our order number; None only when Innoship holds no live booking."""
        bookings = InnoshipClient.from_settings().bookings_for(submission.reference, related=submission)
        cancelled_here = set(Shipment.objects.filter(
            partner=PARTNER, delivery_state=DeliveryState.CANCELLED, tracking_code__in=[b.awb for b in bookings],
        ).values_list("tracking_code", flat=True))
        live = [b for b in bookings if b.status_id not in CANCELLED_IDS and b.awb not in cancelled_here]
        if not live:
            return None
        note = ""
        if len(live) > 1:
            others = ", ".join(b.awb for b in live[1:])
            note = N_("Innoship holds %(count)s live bookings for this order: cancel the extra AWB(s) "
                      "%(others)s.") % {"count": len(live), "others": others}
        return booking_outcome(live[0], how=N_("found at Innoship"), note=note)

    def explain(self, issue, details=None):
        # Stored with the refusal in English, said in the reader's language where it is shown.
        with translation.override(SOURCE_LANGUAGE):
            return self._explain(issue)

    def _explain(self, issue):
        if issue.code == LOCAL:
            return (N_("Found before anything was sent to Innoship."),
                    N_("Fix %(field)s, then book again.") % {"field": field_words(issue.field) or "the order"})
        field, what = shop_field(issue.field)
        if not field:
            return (N_("Innoship refused the booking."),
                    N_("Read Innoship's message, correct the order and book again."))
        refused = N_("Innoship refused %(what)s.") % {"what": what}
        if field.isupper():
            return refused, N_("Correct the setting %(setting)s, then book again.") % {"setting": field}
        return refused, N_("Fix %(field)s on the order, then book again.") % {"field": field_words(field)}

    def accepted(self, submission, outcome, actor):
        """The booked parcel as a shipment. It is not "shipped" yet: only the courier's pick-up (tracking) says so,
        and until then the booking may still be cancelled."""
        refs = outcome.references
        price = refs.get("Price") or {}
        shipment, _ = shipment_record(
            order=submission.order, partner=PARTNER, carrier=refs["CourierName"],
            tracking_code=refs["CourierShipmentId"], actor=actor, submission=submission,
            tracking_url=refs.get("TrackPageUrl", ""), details={"client_order_id": refs.get("ClientOrderId", "")},
            shipped=False,
        )
        CourierBooking.objects.update_or_create(shipment=shipment, defaults={
            "courier_id": refs["Courier"], "price_amount": price.get("Amount"), "price_vat": price.get("VAT"),
            "price_total": price.get("Total"), "price_currency": price.get("Currency", ""),
            "expected_delivery": refs.get("CalculatedDeliveryDate") or None,
            "parcel_barcodes": refs.get("Barcodes", []), "booking_extra": refs.get("Extra") or {},
        })
