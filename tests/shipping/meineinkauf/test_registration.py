"""Registering orders through the one lifecycle, against the MeinEinkauf sandbox over real HTTP."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice.models import PartnerHealth
from backoffice.sandbox import credentials, state
from orders.adapters import adapter_for
from orders.models import Order, Submission
from orders.services.submissions import orders_submit, submission_reconcile, submissions_retry_due
from shipping.meineinkauf import selectors
from shipping.meineinkauf.client import MeinEinkaufClient
from shipping.meineinkauf.mapping import order_payload, qr_reference
from shipping.meineinkauf.models import MeinEinkaufOrder

from .conftest import LINE, make_order

pytestmark = pytest.mark.django_db
S = Submission.State


def stored_orders():
    with state.lock:
        return dict(state.store("meineinkauf").get("orders", {}))


def creates():
    return state.received("meineinkauf", "orders_create")


def test_a_swiss_order_registers_and_keeps_the_meineinkauf_id(control):
    order = make_order("CH1001")
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == S.ACCEPTED
    [(remote_id, remote)] = stored_orders().items()
    order.refresh_from_db()
    assert (order.status, order.partner_reference) == (Order.Status.SUBMITTED, str(remote_id))
    assert order.meineinkauf.meineinkauf_id == remote_id and order.meineinkauf.processing_state == "open"
    assert remote["orderNumber"] == "CH1001"
    assert json.loads(creates()[0].body) == json.loads(json.dumps(order_payload(order)))


def test_special_characters_arrive_intact(control):
    tricky = "Zoë & <Söhne> \"Dampf\" 'Shop' 🚭 שלום مرحبا"
    order = make_order("CH1002", lines=[{**LINE, "name": tricky}])
    order.shipping_address.company = tricky
    order.shipping_address.save()
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == S.ACCEPTED
    sent = json.loads(creates()[0].body)
    assert sent["shippingAddress"]["company"] == tricky
    assert sent["consignments"][0]["articles"][0]["name"] == tricky


def test_a_refusal_shows_each_error_on_the_order_field_to_correct(control):
    order = make_order("CH1003", billing={"country": "CH", "postcode": "80055"})
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == S.REFUSED
    submission = order.submissions.get()
    assert submission.errors == [{
        "code": "E1000", "message": "Swiss and Liechtenstein postcodes have four digits.",
        "field": "billing_address.postcode",
        "explanation": "MeinEinkauf refused one of its fields, which comes from the order's "
                       "Postcode (billing address).",
        "next_step": "Correct Postcode (billing address) on the order, then register it again.",
    }]
    assert stored_orders() == {}
    order.billing_address.postcode = "8005"
    order.billing_address.save()
    [again] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert again.state == S.ACCEPTED
    assert list(order.submissions.order_by("attempt").values_list("state", flat=True)) == [S.REFUSED, S.ACCEPTED]


def test_an_order_survives_three_503_replies_and_registers_exactly_once(control):
    order = make_order("CH1004")
    control("unavailable", count=3)
    [first] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert first.state == "not_sent"
    later = timezone.now()
    for _ in range(2):
        later += timedelta(hours=2)
        [retried] = submissions_retry_due(actor="schedule:retry", now=later)
        assert retried.state == "not_sent"
    submission = order.submissions.get()
    assert (submission.state, submission.retries) == (S.READY, 3)
    later += timedelta(hours=2)
    [registered] = submissions_retry_due(actor="schedule:retry", now=later)
    assert registered.state == S.ACCEPTED
    assert len(creates()) == 4  # three 503 replies, then the one that registered
    assert len(stored_orders()) == 1
    assert order.submissions.count() == 1
    assert submissions_retry_due(actor="schedule:retry", now=later + timedelta(hours=2)) == []
    assert len(creates()) == 4


def test_a_refused_key_is_a_configuration_problem_not_a_refusal(control, settings):
    settings.MEINEINKAUF_API_KEY = "not-the-key"
    order = make_order("CH1005")
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == "not_sent" and "API key refused: Unknown ApiKey" in result.message
    submission = order.submissions.get()
    assert (submission.state, submission.errors, submission.retry_at) == (S.READY, [], None)
    health = PartnerHealth.objects.get(partner="meineinkauf")
    assert not health.ok and health.detail.endswith("(code E0001)")
    assert selectors.credentials_refused()
    settings.MEINEINKAUF_API_KEY = credentials.MEINEINKAUF_API_KEY
    [sent] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert sent.state == S.ACCEPTED and order.submissions.count() == 1


def test_the_test_key_validates_and_registers_nothing(control, settings):
    settings.MEINEINKAUF_API_KEY = credentials.MEINEINKAUF_TEST_API_KEY
    order = make_order("CH1006")
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == S.TEST_OK
    assert order.submissions.get().test_mode
    assert stored_orders() == {} and len(creates()) == 1
    assert not MeinEinkaufOrder.objects.exists()


def test_an_unknown_outcome_is_settled_from_meineinkaufs_own_data(control):
    found, missing = make_order("CH1007"), make_order("CH1008")
    MeinEinkaufClient.from_settings().register_order(order_payload(found))
    for order in (found, missing):
        Submission.objects.create(order=order, partner="meineinkauf", reference=order.number, created_by="test",
                                  state=S.UNKNOWN)
    settled = submission_reconcile(submission=found.submissions.get(), actor="schedule:reconcile")
    assert settled.state == S.ACCEPTED and settled.partner_reference == str(next(iter(stored_orders())))
    assert submission_reconcile(submission=missing.submissions.get(), actor="schedule:reconcile").state == S.READY
    assert len(creates()) == 1  # reconciling never sends


def test_meineinkauf_registers_a_repeat_so_only_the_lifecycle_keeps_an_order_once(control):
    order = make_order("CH1009")
    MeinEinkaufClient.from_settings().register_order(order_payload(order))  # sent before, outside the lifecycle
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    # The doc promises no refusal of a repeated order number, so the sandbox invents none: it registers again.
    assert result.state == S.ACCEPTED and len(stored_orders()) == 2
    assert [r.state for r in orders_submit(orders=[order], partner="meineinkauf", actor="user:test")] == ["skipped"]
    assert len(stored_orders()) == 2


def test_an_order_changed_after_queueing_is_checked_again_before_sending(control):
    order = make_order("CH1010")
    control("unavailable", count=1)
    orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    order.lines.update(vat_rate=12)
    [result] = submissions_retry_due(actor="schedule:retry", now=timezone.now() + timedelta(hours=2))
    assert result.state == S.REFUSED
    assert order.submissions.get().errors[0]["field"] == "lines[IC10000L10-TE-3].vat_rate"
    assert len(creates()) == 1  # only the 503


def test_the_confirmation_preview_says_what_will_be_sent(control):
    order = make_order("CH1011", to_hub=False)
    preview = dict(adapter_for("meineinkauf").preview(order))
    assert preview == {"Ships to": "8005 Zürich, CH", "Articles": "1 article, 2 pieces, 240 g",
                       "Gross sum": "34.90 CHF incl. shipping 9.90", "Payment": "paypal → paypal",
                       "Parcel to the hub": "not dispatched yet"}


def test_one_field_refused_twice_is_shown_once(control):
    order = make_order("CH1012")
    order.shipping_address.postcode = "80055"  # also the invoice address: MeinEinkauf names it twice
    order.shipping_address.save()
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == S.REFUSED
    assert [(e["field"], e["message"]) for e in order.submissions.get().errors] == [
        ("shipping_address.postcode", "Swiss and Liechtenstein postcodes have four digits.")]


def test_a_swiss_order_priced_in_chf_with_swiss_vat_registers(control):
    order = make_order("CH1040", lines=[{**LINE, "vat_rate": "8.1"}, {**LINE, "sku": "BOOK1", "vat_rate": "2.6"}])
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == S.ACCEPTED
    sent = json.loads(creates()[0].body)
    assert sent["currency"] == "chf"
    assert [a["vatRate"] for a in sent["consignments"][0]["articles"]] == ["standard", "reduced"]


def test_an_unknown_vat_rate_is_held_back_before_anything_is_sent(control):
    order = make_order("CH1041", lines=[{**LINE, "vat_rate": "12.5"}])
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == "skipped"
    assert "Order CH1041, line Liquid Tabak 10 ml: a VAT rate of 12.5 %" in result.message
    assert creates() == []


def test_a_400_is_a_configuration_error_shown_on_the_dashboard_and_never_retried(control, settings, sandbox):
    settings.MEINEINKAUF_BASE_URL = f"{sandbox}/meineinkauf/v1/v9"  # a wrong address: no such endpoint
    first, second = make_order("CH1042"), make_order("CH1043")
    results = orders_submit(orders=[first, second], partner="meineinkauf", actor="user:test")
    assert [r.state for r in results] == ["not_sent", "not_sent"]
    for order in (first, second):
        submission = order.submissions.get()
        assert (submission.state, submission.retry_at) == (S.READY, None)  # waits for a person, not a schedule
        assert submission.message.startswith("not sent: Configuration error: MeinEinkauf does not know POST")
    health = PartnerHealth.objects.get(partner="meineinkauf")
    assert not health.ok and health.detail.startswith("Configuration error") and "http_400" not in health.detail
    figures = {f.label: f.count for f in selectors.dashboard_figures()}
    assert figures["configuration error: endpoint or method refused"] == 1
    assert submissions_retry_due(actor="schedule:retry", now=timezone.now() + timedelta(days=1)) == []
    assert len(state.received("meineinkauf", "bad_request")) == 1  # the second order was not even tried
    settings.MEINEINKAUF_BASE_URL = f"{sandbox}/meineinkauf/v1"
    assert [r.state for r in orders_submit(orders=[first], partner="meineinkauf", actor="user:test")] == [S.ACCEPTED]
    assert PartnerHealth.objects.get(partner="meineinkauf").ok  # corrected: the dashboard clears
    assert not selectors.endpoint_refused()


def test_an_invoice_order_carries_the_shops_payment_details(control, settings):
    settings.MEINEINKAUF_INVOICE_ADDITIONAL_TEXT = "Vielen Dank!"
    order = make_order("CH1044", payment_type="rechnung")
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == S.ACCEPTED
    sent = json.loads(creates()[0].body)
    assert sent["paymentType"] == "invoice"
    assert sent["invoiceInformation"] == {
        "invoiceDate": "2026-11-20", "dueDate": "2026-12-20", "additionalInvoiceText": "Vielen Dank!",
        "qrrInformation": {
            "qrIban": "CH4431999123000889012", "referenceNumber": qr_reference(order.pk),
            "creditor": {"name": "Testshop GmbH", "addressLine1": "Musterstrasse 1a",
                         "addressLine2": "12345 Musterstadt", "country": "DE"}},
    }


def test_the_qr_reference_has_the_swiss_check_digit():
    # The Swiss QR-bill implementation guidelines' example reference: 21 00000 00003 13947 14300 09017.
    assert qr_reference(21000000000313947143000901) == "210000000003139471430009017"
    assert qr_reference(1) == "0" * 25 + "11"


def test_an_invoice_order_without_the_payment_details_is_held_back_naming_the_setting(control, settings):
    settings.MEINEINKAUF_INVOICE_QR_IBAN = ""
    order = make_order("CH1045", payment_type="invoice")
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == "skipped"
    assert "Order CH1045 is paid by invoice, but MEINEINKAUF_INVOICE_QR_IBAN is not set" in result.message
    assert creates() == []
    paypal = make_order("CH1046")  # other payment types need no invoice details
    assert [r.state for r in orders_submit(orders=[paypal], partner="meineinkauf", actor="user:test")] == [S.ACCEPTED]


def test_each_parcel_to_the_hub_is_its_own_consignment(control):
    order = make_order("CH1047")
    order.shipments.create(partner="innocigs", carrier="UPS Standard", tracking_code="1Z999AA10123456784")
    [result] = orders_submit(orders=[order], partner="meineinkauf", actor="user:test")
    assert result.state == S.ACCEPTED
    sent = json.loads(creates()[0].body)["consignments"]
    first, second = order.shipments.order_by("created_at", "id")
    assert [c["tracking"] for c in sent] == [{"carrier": "dhl", "trackingNumber": first.tracking_code},
                                             {"carrier": "ups", "trackingNumber": second.tracking_code}]
    # All articles are declared once, on the first consignment (mapping.consignments says why).
    assert [len(c.get("articles", [])) for c in sent] == [1, 0]
    [stored] = stored_orders().values()
    assert len(stored["consignments"]) == 2
