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
from shipping.meineinkauf.mapping import order_payload
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
        "explanation": "MeinEinkauf refused its field invoiceAddress.zip, which comes from the order's "
                       "billing_address.postcode.",
        "next_step": "Correct billing_address.postcode on the order, then register it again.",
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
    assert not health.ok and health.detail.endswith("[E0001]")
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
    assert preview == {"Ships to": "8005 Zürich, CH", "Articles": "1 articles, 2 pieces, 240 g",
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
