"""Innoship courier bookings in the one submission lifecycle: one order, one `POST api/Order`, one AWB.

A booking costs money, so the lifecycle's guarantees matter here: the claim is committed before the call,
the POST is never retried, and a booking whose reply was lost is settled by looking it up at Innoship
(by our order number, its externalOrderId), never by booking again.
"""

from decimal import Decimal

from django.conf import settings

from backoffice.errors import PartnerValidationError
from orders.adapters import LOCAL, Outcome, PartnerAdapter
from orders.models import Order, Submission
from shipping.models import DeliveryState, Shipment
from shipping.services import shipment_record

from .client import PARTNER, Booking, InnoshipClient
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
    words = [f"{how}: {booking.courier_name} AWB {booking.awb}"]
    if booking.price:
        words.append(f"{booking.price.total} {booking.price.currency}")
    if booking.delivery_date:
        words.append(f"delivery expected {booking.delivery_date:%Y-%m-%d}")
    message = ", ".join(words) + (f". {note}" if note else "")
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
        order = Order.objects.select_related("shipping_address").prefetch_related("lines").get(
            pk=submission.order_id)
        payload = booking_request(order)
        if settings.INNOSHIP_VALIDATE_FIRST:
            check = client.validate(payload, related=submission)
            if not check.valid:
                return _refused(check.issues, "Innoship's check refused it, nothing booked: "
                                + "; ".join(str(i) for i in check.issues))
        try:
            booking = client.book(payload, related=submission)
        except PartnerValidationError as exc:
            return _refused(exc.issues, f"Innoship refused the booking: {exc.message}")
        return booking_outcome(booking, how="booked")

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
            note = f"Innoship holds {len(live)} live bookings for this order: cancel the extra AWB(s) {others}."
        return booking_outcome(live[0], how="found at Innoship", note=note)

    def explain(self, issue, details=None):
        if issue.code == LOCAL:
            return ("Found before anything was sent to Innoship.",
                    f"Fix {issue.field or 'the order'}, then book again.")
        field, what = shop_field(issue.field)
        if not field:
            return ("Innoship refused the booking.", "Read Innoship's message, correct the order and book again.")
        if field.isupper():
            return (f"Innoship refused {what}.", f"Correct the setting {field}, then book again.")
        return (f"Innoship refused {what} ({issue.field}).", f"Fix the order's {field}, then book again.")

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
        Shipment.objects.filter(pk=shipment.pk).update(
            courier_id=refs["Courier"], price_amount=price.get("Amount"), price_vat=price.get("VAT"),
            price_total=price.get("Total"), price_currency=price.get("Currency", ""),
            expected_delivery=refs.get("CalculatedDeliveryDate") or None, parcel_barcodes=refs.get("Barcodes", []),
            booking_extra=refs.get("Extra") or {},
        )
