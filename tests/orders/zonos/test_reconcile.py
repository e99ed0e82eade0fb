"""Reconciliation against the sandbox over real HTTP: store, classify, confirm, and rerun without change."""

import json
import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils.formats import date_format

from backoffice.models import PartnerExchange, PartnerHealth
from backoffice.sandbox import state
from orders.adapters import Problem
from orders.zonos.models import ZonosOrder
from orders.zonos.sandbox import api as zonos_sandbox
from orders.zonos.selectors import (
    dashboard_figures,
    order_zonos_problems,
    reconciliation_counts,
)
from orders.zonos.services import zonos_order_confirm, zonos_reconcile
from orders.zonos.tasks import reconcile_zonos_task

from .conftest import shop_order

pytestmark = pytest.mark.django_db
NOW = datetime.now(UTC)


@pytest.fixture(autouse=True)
def _now():
    """NOW as each test starts: the service reads the clock when it runs, so a suite that passes midnight must
    not compare its days with a NOW taken when the module was loaded."""
    global NOW
    NOW = datetime.now(UTC)


def requests_sent(operation="orderNumbers"):
    return [json.loads(r.body) for r in state.received("zonos", operation)]


def order(sequence, days_ago=1, **fields):
    return zonos_sandbox.make_order(sequence, placed_at=NOW - timedelta(days=days_ago), **fields)


def reconcile(**kwargs):
    return zonos_reconcile(actor="user:test", **kwargs)


def test_the_first_reconciliation_stores_every_order_with_its_status(sandbox):
    result = reconcile()
    assert [{k: v for k, v in r.items() if k not in ("store", "secret")} for r in requests_sent()] == [
        {"sinceDate": f"{(NOW - timedelta(days=30)):%Y%m%d}", "statuses": True}]
    assert (result.listed, result.test, result.created) == (7, 1, 7)
    fraud = ZonosOrder.objects.get(zonos_id="999-10004")
    assert (fraud.short_id, fraud.sequence, fraud.status, fraud.test_order) == (
        "10004", 10004, "IGLOBAL_FRAUD_REVIEW", False)
    assert fraud.placed_at is not None and fraud.status_date > fraud.placed_at
    test_order = ZonosOrder.objects.get(zonos_id="999-10002")
    assert test_order.test_order and test_order.merchant_order_id == "abc123"
    # 10006 is cancelled at Zonos and 10002 a test order: neither is missing.
    assert result.counts == {"conflict": 0, "missing": 5, "unconfirmed": 0, "held": 0, "test": 1}
    assert PartnerHealth.objects.get(partner="zonos").ok


def test_rerunning_changes_nothing_and_asks_since_the_last_known_order(sandbox):
    reconcile()
    state.reset()
    again = reconcile()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert ZonosOrder.objects.count() == 7
    first, refresh = requests_sent()
    assert first["sinceOrderId"] == "999-10007" and "sinceDate" not in first
    assert refresh["sinceDate"] == f"{(NOW - timedelta(days=30)):%Y%m%d}"
    window = date_format((NOW - timedelta(days=30)).date())
    assert again.requests == ("orders after 999-10007", f"orders since {window}")


def test_a_status_change_at_zonos_is_picked_up_by_the_next_run(sandbox):
    zonos_sandbox.orders_set([order(1), order(2)])
    reconcile()
    zonos_sandbox.orders_set([order(1, status=zonos_sandbox.CANCELLED), order(2)])
    again = reconcile()
    assert (again.updated, again.unchanged) == (1, 1)
    assert ZonosOrder.objects.get(zonos_id="999-1").status == "IGLOBAL_ORDER_CANCELLED"


def test_no_order_is_missed_however_long_the_schedule_was_off(sandbox):
    zonos_sandbox.orders_set([order(1, days_ago=90)])
    reconcile(since_date=(NOW - timedelta(days=100)).date())
    # Then the schedule was off for months: the new order is older than the status refresh window.
    zonos_sandbox.orders_set([order(1, days_ago=90), order(2, days_ago=60)])
    result = reconcile()
    assert result.created == 1
    assert ZonosOrder.objects.filter(zonos_id="999-2").exists()


def test_explicit_starting_points_are_sent_as_given(sandbox):
    zonos_sandbox.orders_set([order(1, days_ago=3), order(2, days_ago=2), order(3, days_ago=1)])
    assert reconcile(since_order_id="1").listed == 2
    assert reconcile(since_order_id="999-2").listed == 1
    day = (NOW - timedelta(days=2)).date()
    assert reconcile(since_date=day, through_date=day).listed == 1
    sent = requests_sent()
    assert sent[0]["sinceOrderId"] == "1" and sent[1]["sinceOrderId"] == "999-2"
    assert sent[2]["sinceDate"] == sent[2]["throughDate"] == f"{day:%Y%m%d}"


def test_test_orders_are_shown_apart_and_never_missing(sandbox):
    zonos_sandbox.orders_set([order(1, test=True), order(2, test=True, merchant_order_id="abc")])
    reconcile()
    assert reconciliation_counts() == {"conflict": 0, "missing": 0, "unconfirmed": 0, "held": 0, "test": 2}


def test_a_linked_order_is_unconfirmed_until_zonos_has_our_number(sandbox):
    zonos_sandbox.orders_set([order(1), order(2)])
    reconcile()
    shop_order("Z999-1", zonos_order_id="999-1")
    shop_order("A2", zonos_order_id="2")  # linked by the id without the store, as Zonos also accepts it
    assert reconciliation_counts()["unconfirmed"] == 2 and reconciliation_counts()["missing"] == 0
    results = [zonos_order_confirm(zonos_order=z, actor="user:test") for z in ZonosOrder.objects.order_by("sequence")]
    assert [r.message for r in results] == ["confirmed: Zonos now knows it as Z999-1",
                                            "confirmed: Zonos now knows it as A2"]
    assert [b["merchantOrderId"] for b in requests_sent("updateMerchantOrderId")] == ["Z999-1", "A2"]
    reconcile()
    assert reconciliation_counts()["unconfirmed"] == 0
    assert {o["id"]: o["merchantOrderId"] for o in zonos_sandbox.orders_get()} == {"999-1": "Z999-1", "999-2": "A2"}


def test_confirming_is_idempotent_and_replaces_a_different_number(sandbox):
    zonos_sandbox.orders_set([order(1, merchant_order_id="OLD-1")])
    reconcile()
    shop_order("Z999-1", zonos_order_id="999-1")
    zonos_order = ZonosOrder.objects.get()
    first = zonos_order_confirm(zonos_order=zonos_order, actor="user:test")
    assert first.ok and first.message == "confirmed: Zonos now knows it as Z999-1 (it said OLD-1 before)"
    zonos_order.refresh_from_db()
    again = zonos_order_confirm(zonos_order=zonos_order, actor="user:test")
    assert again.ok and again.message == "already confirmed as Z999-1; nothing sent"
    assert len(requests_sent("updateMerchantOrderId")) == 1


def test_confirming_needs_exactly_one_shop_order(sandbox):
    zonos_sandbox.orders_set([order(1)])
    reconcile()
    zonos_order = ZonosOrder.objects.get()
    assert zonos_order_confirm(zonos_order=zonos_order, actor="user:test").message == (
        "not confirmed: no shop order yet; import it first")
    shop_order("A1", zonos_order_id="999-1")
    shop_order("A2", zonos_order_id="1")
    result = zonos_order_confirm(zonos_order=zonos_order, actor="user:test")
    assert not result.ok and "several shop orders name it (A1, A2)" in result.message
    assert requests_sent("updateMerchantOrderId") == []


def test_a_fraud_review_order_that_was_submitted_is_a_loud_conflict(sandbox, admin_client, monkeypatch):
    zonos_sandbox.orders_set([order(1, status=zonos_sandbox.FRAUD_REVIEW, merchant_order_id="Z999-1"),
                              order(2, status=zonos_sandbox.ON_HOLD, merchant_order_id="Z999-2")])
    reconcile()
    shop_order("Z999-1", zonos_order_id="999-1", status="submitted", submission_state="accepted")
    shop_order("Z999-2", zonos_order_id="999-2")  # not sent yet: held, not a conflict
    figures = {f.label: f for f in dashboard_figures()}
    conflict = figures["status conflict: must not ship"]
    assert (conflict.count, conflict.tone) == (1, "alert")
    assert figures["held by Zonos: do not submit"].count == 1
    # Only this app's figures: the Order admin other figures link to is built on another branch.
    monkeypatch.setattr("backoffice.dashboard.figure_sources", lambda: ["orders.zonos.selectors.dashboard_figures"])
    page = admin_client.get("/admin/").content.decode()
    assert re.search(r'figure-alert">\s*<a href="/admin/zonos/zonosorder/\?reconciliation=conflict">'
                     r'<span class="count">1</span> <span class="label">status conflict: must not ship', page)


@pytest.mark.parametrize(("fields", "conflict"), [
    ({"submission_state": "sending"}, True), ({"submission_state": "unknown"}, True),
    ({"status": "shipped"}, True), ({"submission_state": "refused"}, False), ({}, False),
])
def test_what_counts_as_sent_to_a_partner(sandbox, fields, conflict):
    zonos_sandbox.orders_set([order(1, status=zonos_sandbox.CANCELLED)])
    reconcile()
    shop_order("Z999-1", zonos_order_id="999-1", **fields)
    assert reconciliation_counts()["conflict"] == int(conflict)


def test_an_order_zonos_holds_is_kept_from_submission(sandbox):
    zonos_sandbox.orders_set([order(1, status=zonos_sandbox.FRAUD_REVIEW), order(2)])
    reconcile()
    held = shop_order("Z999-1", zonos_order_id="999-1")
    released = shop_order("Z999-2", zonos_order_id="999-2")
    assert order_zonos_problems(held) == [Problem(
        "zonos", "Zonos order 999-1 is fraud review at Zonos: do not send it until Zonos releases it")]
    assert order_zonos_problems(released) == []
    assert order_zonos_problems(shop_order("A3")) == []


def test_refused_credentials_are_a_configuration_error_on_the_dashboard(sandbox, settings):
    settings.ZONOS_SECRET = "not-the-secret"
    with pytest.raises(CommandError) as caught:
        call_command("reconcile_zonos", stdout=StringIO(), stderr=StringIO())
    assert "ZONOS_STORE_ID and ZONOS_SECRET" in str(caught.value)
    assert "not-the-secret" not in str(caught.value)
    health = PartnerHealth.objects.get(partner="zonos")
    assert not health.ok and "refused the store id and secret" in health.detail
    assert ZonosOrder.objects.count() == 0


def test_the_command_prints_a_summary_line(sandbox):
    out = StringIO()
    call_command("reconcile_zonos", stdout=out, stderr=StringIO())
    assert out.getvalue().strip().startswith("Zonos, orders since ")
    assert "7 orders listed (1 test), 7 new, 0 updated, 0 unchanged. Now 5 missing" in out.getvalue()
    call_command("reconcile_zonos", "--since-order-id", "999-10005", stdout=(out := StringIO()), stderr=StringIO())
    assert out.getvalue().startswith("Zonos, orders after 999-10005: 2 orders listed (0 test), 0 new")


@pytest.mark.parametrize(("args", "words"), [
    (["--since-order-id", "999-1", "--since-date", "2026-11-01"], "not both"),
    (["--through-date", "2026-11-01"], "--through-date needs --since-date"),
    (["--since-date", "01.11.2026"], "is not a date: use YYYY-MM-DD"),
    (["--since-date", "2026-11-02", "--through-date", "2026-11-01"], "is before the since date"),
    (["--since-order-id", "999-424242"], "Zonos does not know the order to list from"),
])
def test_the_command_refuses_what_zonos_would_refuse_and_exits_non_zero(sandbox, args, words):
    with pytest.raises(CommandError, match=words):
        call_command("reconcile_zonos", *args, stdout=StringIO(), stderr=StringIO())


def test_the_schedule_task_reconciles_or_says_zonos_is_not_configured(sandbox, settings):
    assert reconcile_zonos_task().startswith("Zonos, orders since")
    assert ZonosOrder.objects.count() == 7
    settings.ZONOS_BASE_URL = ""
    assert reconcile_zonos_task() == "Zonos is not configured (no ZONOS_BASE_URL)."


def test_every_exchange_is_audited_with_who_triggered_it(sandbox):
    reconcile()
    exchange = PartnerExchange.objects.get(partner="zonos")
    assert exchange.triggered_by == "user:test" and exchange.status_code == 200
