"""Innoship bookings through the one lifecycle, against the sandbox over real HTTP."""

import json
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from backoffice.partners import check_partner
from backoffice.sandbox import state
from orders.adapters import adapter_for
from orders.models import Order, Submission
from orders.services.submissions import orders_submit, submission_reconcile, submission_release
from shipping.innoship.booking import InnoshipBookingAdapter
from shipping.innoship.models import booking_for
from shipping.models import DeliveryState, Shipment

from .conftest import make_order

S = Submission.State


def bookings_sent():
    return state.received("innoship", "book")


def test_the_registry_names_this_adapter():
    assert isinstance(adapter_for("innoship"), InnoshipBookingAdapter)


def test_an_order_is_booked_once_and_recorded_as_a_shipment_not_yet_shipped(innoship):
    order = make_order("A1001", cod="49.90")
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.ACCEPTED, result.message
    [sent] = bookings_sent()
    assert json.loads(sent.body)["externalOrderId"] == "A1001"

    order.refresh_from_db()
    submission = order.submissions.get()
    shipment = order.shipments.get()
    assert (order.status, order.submission_state, order.partner_reference) == ("submitted", "accepted", "905230001")
    assert submission.partner_reference == "905230001"
    assert submission.references["ClientOrderId"] == "47|905230001"
    assert submission.references["CourierName"] == "DHL Paket Germany"
    assert submission.references["Barcodes"] == ["905230001"]
    booking = shipment.innoship_booking
    assert (shipment.carrier, shipment.tracking_code, booking.courier_id) == ("DHL Paket Germany", "905230001", 47)
    assert shipment.tracking_url.endswith("/sandbox/innoship/track/905230001")
    # 4.90 + 0.80 × 0.84 kg + 1.50 for cash on delivery, plus 19 % VAT
    assert (booking.price_amount, booking.price_vat, booking.price_total, booking.price_currency) == (
        Decimal("7.07"), Decimal("1.34"), Decimal("8.41"), "EUR")
    assert booking.expected_delivery is not None and booking.parcel_barcodes == ["905230001"]
    assert shipment.delivery_state == DeliveryState.RECORDED
    assert "DHL Paket Germany AWB 905230001" in result.message and "8.41 EUR" in result.message

    again = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert [r.state for r in again] == ["skipped"] and len(bookings_sent()) == 1


def test_a_locker_order_is_booked_with_its_fixed_location(innoship):
    order = make_order("A1002", fixed_location_id="1001", address={"street": "", "house_number": ""})
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.ACCEPTED, result.message
    body = json.loads(bookings_sent()[0].body)
    assert body["serviceId"] == 3 and body["addressTo"]["fixedLocationId"] == "1001"
    assert order.shipments.get().carrier == "Sameday"


def test_a_local_problem_stops_the_order_before_any_call(innoship):
    order = make_order("A1003", phone="")
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == "skipped" and result.message == "Phone: required for courier delivery"
    assert bookings_sent() == [] and not order.submissions.exists()


def test_a_refusal_shows_innoship_field_errors_in_the_shop_terms(innoship):
    order = make_order("A1004", fixed_location_id="9999")  # a locker Innoship does not know
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.REFUSED
    assert result.message == "Innoship refused the booking: addressTo.fixedLocationId: Unknown fixed location."
    [error] = order.submissions.get().errors
    assert error == {
        "code": "", "field": "addressTo.fixedLocationId", "message": "Unknown fixed location.",
        "explanation": "Innoship refused the locker or pick-up point.",
        "next_step": "Fix Locker or pick-up point on the order, then book again.",
    }
    order.refresh_from_db()
    assert (order.status, order.submission_state) == ("ready", "refused") and not order.shipments.exists()

    order.innoship_options.fixed_location_id = "1002"
    order.innoship_options.save()
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.ACCEPTED
    assert list(order.submissions.order_by("attempt").values_list("state", flat=True)) == ["refused", "accepted"]


def test_a_lost_reply_is_unknown_and_reconciled_by_lookup_without_a_second_booking(innoship, settings):
    settings.INNOSHIP_TIMEOUT = (2.0, 0.3)
    innoship.stall_next_booking(1.0)
    order = make_order("A1005")
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.UNKNOWN and "may have reached Innoship" in result.message
    assert innoship.wait_for_stalled_reply()
    submission = order.submissions.get()
    assert submission.state == S.UNKNOWN and not order.shipments.exists()

    assert [r.state for r in orders_submit(orders=[order], partner="innoship", actor="user:test")] == ["skipped"]
    settings.INNOSHIP_TIMEOUT = (2.0, 5.0)
    # At once, the request might still be on its way: reconcile waits and does not even look.
    assert submission_reconcile(submission=submission, actor="schedule:reconcile").state == S.UNKNOWN
    assert state.received("innoship", "lookup") == []
    later = timezone.now() + timedelta(hours=1)
    submission = submission_reconcile(submission=submission, actor="schedule:reconcile", now=later)
    assert submission.state == S.ACCEPTED and submission.partner_reference == "905230001"
    assert "found at Innoship: DHL Paket Germany AWB 905230001" in submission.message
    assert order.shipments.get().tracking_code == "905230001"
    assert len(bookings_sent()) == 1 and len(state.received("innoship", "lookup")) == 1
    assert len(innoship.bookings()) == 1


def test_no_booking_found_is_left_to_a_person_and_booked_once_after_the_decision(innoship):
    order = make_order("A1006")
    submission = Submission.objects.create(order=order, partner="innoship", reference="A1006", created_by="test",
                                           state=S.UNKNOWN)
    # The lookup by order number is undocumented: "not found" there never frees the order by itself.
    submission = submission_reconcile(submission=submission, actor="schedule:reconcile")
    assert (submission.state, submission.needs_person) == (S.UNKNOWN, True) and bookings_sent() == []
    assert [r.state for r in orders_submit(orders=[order], partner="innoship", actor="user:test")] == ["skipped"]
    submission_release(submission=submission, actor="user:alice", note="not in the Innoship portal")
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.ACCEPTED and len(bookings_sent()) == 1


def test_a_booking_cancelled_earlier_does_not_count_as_live(innoship):
    order = make_order("A1007")
    orders_submit(orders=[order], partner="innoship", actor="user:test")
    innoship.set_status("905230001", 106)
    Shipment.objects.filter(tracking_code="905230001").update(delivery_state=DeliveryState.CANCELLED)
    Submission.objects.filter(order=order).update(state=S.CANCELLED)
    Order.objects.filter(pk=order.pk).update(status="ready", submission_state="cancelled")
    retry = Submission.objects.create(order=order, partner="innoship", attempt=2, reference="A1007",
                                      created_by="test", state=S.UNKNOWN)
    settled = submission_reconcile(submission=retry, actor="schedule:reconcile")
    assert (settled.state, settled.needs_person) == (S.UNKNOWN, True)  # the cancelled booking is not this one


def test_reconcile_keeps_it_unknown_when_innoship_cannot_tell(innoship, settings):
    order = make_order("A1008")
    submission = Submission.objects.create(order=order, partner="innoship", reference="A1008", created_by="test",
                                           state=S.UNKNOWN)
    settings.INNOSHIP_API_KEY = "wrong"
    submission = submission_reconcile(submission=submission, actor="schedule:reconcile")
    assert submission.state == S.UNKNOWN
    assert "could not tell" in order.events.last().note


def test_innoship_own_check_first_books_nothing_when_it_refuses(innoship, settings):
    settings.INNOSHIP_VALIDATE_FIRST = True
    order = make_order("A1009", fixed_location_id="9999")
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.REFUSED and "nothing booked" in result.message
    assert len(state.received("innoship", "validate")) == 1 and bookings_sent() == []
    order.innoship_options.fixed_location_id = "1001"
    order.innoship_options.save()
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.ACCEPTED and len(bookings_sent()) == 1


def test_wrong_credentials_send_nothing_and_keep_the_order_ready(innoship, settings):
    settings.INNOSHIP_API_KEY = "wrong"
    order = make_order("A1010")
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == "not_sent" and "Credentials refused" in result.message
    assert order.submissions.get().state == S.READY and innoship.bookings() == []


def test_the_preview_for_the_confirmation_page(innoship):
    order = make_order("A1011", cod="12.00")
    assert dict(adapter_for("innoship").preview(order))["Cash on delivery"].startswith("12.00 EUR, paid out to")


def test_the_connection_check_lists_the_couriers(innoship):
    result = check_partner("innoship")
    assert result.ok and result.detail == "5 couriers: Cargus, DPD, FanCourier, Sameday, DHL Paket Germany"


def test_the_replys_extra_with_a_rules_change_is_kept_on_the_shipment_and_shown_in_words(innoship):
    from django.contrib.admin.sites import site

    innoship.rule_next_booking(OpenPackage=True)  # an account rule at Innoship adds "open package"
    order = make_order("A1090", cod="49.90")
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == S.ACCEPTED, result.message
    shipment = order.shipments.get()
    extra = shipment.innoship_booking.booking_extra
    assert extra["OpenPackage"] is True and Decimal(str(extra["BankRepaymentAmount"])) == Decimal("49.90")
    assert order.submissions.get().references["Extra"] == extra
    shown = site._registry[Shipment].extra_services(shipment)
    assert "open package: True" in shown and "bank repayment amount: 49.90" in shown and "BankRepayment" not in shown


def test_a_booking_without_extra_shows_none(innoship):
    from django.contrib.admin.sites import site

    shipment = Shipment(partner="innoship")
    assert booking_for(shipment).booking_extra == {} and site._registry[Shipment].extra_services(shipment) == "–"


def test_only_a_booking_for_this_very_order_settles_an_unknown_one(innoship):
    # A booking for another order number (A10 begins like A1) is no match: A1 stays unknown, for a person.
    other = make_order("A10")
    assert orders_submit(orders=[other], partner="innoship", actor="user:test")[0].state == S.ACCEPTED
    order = make_order("A1")
    submission = Submission.objects.create(order=order, partner="innoship", reference="A1", created_by="test",
                                           state=S.UNKNOWN)
    submission = submission_reconcile(submission=submission, actor="schedule:reconcile")
    assert (submission.state, submission.needs_person) == (S.UNKNOWN, True)
    assert not order.shipments.exists() and len(bookings_sent()) == 1
    assert "does not prove it never arrived" in submission.message
