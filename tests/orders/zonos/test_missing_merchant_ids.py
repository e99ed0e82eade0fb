"""The daily missingMerchantOrderId check against the sandbox over HTTP: confirm what we imported, report the rest."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from backoffice.sandbox import state
from backoffice.schedules import all_schedules
from orders.zonos.sandbox import api as zonos_sandbox
from orders.zonos.services import zonos_missing_merchant_ids_settle
from orders.zonos.tasks import missing_merchant_ids_zonos_task

from .conftest import shop_order

pytestmark = pytest.mark.django_db


def order(sequence, *, days_ago=1, **fields):
    return zonos_sandbox.make_order(sequence, placed_at=datetime.now(UTC) - timedelta(days=days_ago), **fields)


def known_orders():
    zonos_sandbox.orders_set([
        order(1),  # imported here, Zonos lacks our number: confirmed
        order(2),  # not imported here: reported
        order(3, merchant_order_id="Z999-3"),  # Zonos knows our number: not listed
        order(4, days_ago=20),  # older than the doc's two weeks: not listed
        order(5, test=True),  # a test order: never imported, reported as such
    ])
    shop_order("Z999-1", zonos_order_id="999-1")


def test_imported_orders_are_confirmed_and_the_others_reported_with_the_reason(sandbox):
    known_orders()
    result = zonos_missing_merchant_ids_settle(actor="user:test")
    asked = [json.loads(r.body) for r in state.received("zonos", "orderNumbers")]
    assert asked[-1]["missingMerchantOrderId"] is True
    assert [str(r) for r in result.confirmed] == ["999-1: confirmed: Zonos now knows it as Z999-1"]
    assert [str(r) for r in result.reported] == [
        "999-2: Zonos has no shop order number for it, and it is not imported here (missing: import it)",
        "999-5: Zonos has no shop order number for it, and it is not imported here (test order: never imported)",
    ]
    assert result.summary().startswith("Zonos lacks a shop order number for 3 orders: 1 confirmed, 0 not confirmed, "
                                       "2 need staff.")
    confirmed = {o["id"]: o["merchantOrderId"] for o in zonos_sandbox.orders_get()}
    assert confirmed["999-1"] == "Z999-1"
    again = zonos_missing_merchant_ids_settle(actor="user:test")  # Zonos no longer lists the confirmed one
    assert again.confirmed == () and [r.zonos_id for r in again.reported] == ["999-2", "999-5"]


class Terminal(StringIO):
    def isatty(self):
        return True


def test_the_command_shows_progress_and_each_outcome(sandbox):
    known_orders()
    out, err = StringIO(), Terminal()
    call_command("zonos_missing_merchant_ids", stdout=out, stderr=err)
    assert "999-1: confirmed: Zonos now knows it as Z999-1" in out.getvalue()
    assert "999-2: Zonos has no shop order number for it" in out.getvalue()
    assert "Settling Zonos orders without our number [" in err.getvalue() and "3/3" in err.getvalue()


def test_the_daily_schedule_runs_the_task(sandbox, settings):
    spec = next(s for s in all_schedules() if s.name == "missing_merchant_ids_zonos")
    assert spec.func == "orders.zonos.tasks.missing_merchant_ids_zonos_task" and spec.minutes == 24 * 60
    known_orders()
    assert "1 confirmed" in missing_merchant_ids_zonos_task()
    settings.ZONOS_BASE_URL = ""
    assert missing_merchant_ids_zonos_task() == "Zonos is not configured (no ZONOS_BASE_URL)."
