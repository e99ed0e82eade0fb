"""The Swiss journey as an operator runs it from a terminal: the same commands the schedules call, in order,
and the order ends exported with its Swiss tracking, each leg sent once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from orders.models import Order
from shipping.meineinkauf.models import MeinEinkaufOrder
from tests.suppliers.innocigs.factories import sandbox_book, ship_now

from .conftest import make_order
from .test_swiss_journey import dropship_ready, registrations  # noqa: F401 (a fixture)


def run(*args):
    """Runs a command; returns what it printed and whether it exited cleanly."""
    out = StringIO()
    try:
        call_command(*args, stdout=out, stderr=StringIO())
    except (CommandError, SystemExit):
        return out.getvalue(), False
    return out.getvalue(), True


@pytest.mark.django_db(transaction=True)
def test_the_swiss_journey_through_the_commands(sandbox, control, dropship_ready):  # noqa: F811
    order = make_order("CH3001", to_hub=False)

    printed, ok = run("submit_orders", "--partner", "innocigs", "CH3001")
    assert ok and "CH3001" in printed and "accepted" in printed, printed

    printed, ok = run("submit_orders", "--partner", "meineinkauf", "CH3001")
    assert not ok and "waiting for the parcel to the hub" in printed, printed
    assert registrations("CH3001") == []

    ship_now(sandbox)
    printed, ok = run("sync_tracking", "--partner", "innocigs", "--days", "1")
    assert ok, printed
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED  # at the hub's door, not yet with the customer

    printed, ok = run("submit_orders", "--partner", "meineinkauf", "--all-ready")
    assert ok and "CH3001" in printed and "accepted" in printed, printed
    printed, ok = run("submit_orders", "--partner", "meineinkauf", "--all-ready")
    assert "CH3001" not in printed  # nothing is ready any more

    control("advance", orderNumber="CH3001", to="exported")
    printed, ok = run("sync_tracking", "--partner", "meineinkauf")
    assert ok, printed
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    record = MeinEinkaufOrder.objects.get(order=order)
    assert record.processing_state == "exported"
    swiss = order.shipments.exclude(partner="innocigs").get()
    assert swiss.tracking_code  # the Swiss parcel to the customer

    assert len(registrations("CH3001")) == 1
    assert sandbox_book()["placements"]["CH3001"] == 1
