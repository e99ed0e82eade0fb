"""InnoCigs tracking by order: open dropships older than the by-day window are still asked about, for a while."""

from datetime import timedelta
from io import StringIO

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone

from orders.models import Order, Submission
from orders.services.submissions import orders_submit
from shipping.models import Shipment
from suppliers.innocigs.late_tracking import late_tracking_sync
from suppliers.innocigs.tracking import tracking_sync
from tests.support import control_headers

from .factories import make_order, sandbox_book, ship_now

S = Submission.State


def place(number, *, days_ago):
    """An order whose dropship InnoCigs accepted `days_ago` days ago."""
    order = make_order(number)
    orders_submit(orders=[order], partner="innocigs", actor="user:alice")
    Submission.objects.filter(order=order).update(created_at=timezone.now() - timedelta(days=days_ago))
    return order


def cancel_at_innocigs(sandbox, number, *, listed_on):
    response = requests.post(f"{sandbox}/innocigs/_control/cancel", headers=control_headers(), timeout=10,
                             data={"orders_number": number, "listed_on": f"{listed_on:%Y-%m-%d}"})
    response.raise_for_status()


def looked_up(number):
    return sandbox_book()["history"].get(number, []).count("looked_up")


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_listed_before_the_window_is_found_by_order_number(sandbox, products, api):
    order = place("L10", days_ago=10)
    cancel_at_innocigs(sandbox, "L10", listed_on=timezone.localdate() - timedelta(days=10))
    assert "cancelled by InnoCigs 0" in tracking_sync(actor="schedule:sync_tracking_innocigs")  # out of its window

    summary = late_tracking_sync(actor="schedule:late_tracking_innocigs")
    assert "of 1 open dropships" in summary and "cancelled by InnoCigs 1" in summary
    order.refresh_from_db()
    submission = order.submissions.get()
    assert (order.status, order.submission_state) == (Order.Status.READY, S.CANCELLED)
    assert "InnoCigs cancelled the dropship" in submission.message  # what staff read on the order
    assert order.events.filter(note__contains="ship it another way or cancel the order").exists()
    assert "of 0 open dropships" in late_tracking_sync(actor="schedule:late_tracking_innocigs")  # asked no more


@pytest.mark.django_db(transaction=True)
def test_a_dropship_older_than_the_late_window_is_no_longer_asked(sandbox, products, settings):
    place("L31", days_ago=settings.INNOCIGS_LATE_TRACKING_DAYS + 1)
    assert "of 0 open dropships" in late_tracking_sync(actor="schedule:late_tracking_innocigs")
    assert looked_up("L31") == 0


@pytest.mark.django_db(transaction=True)
def test_recent_and_shipped_dropships_are_left_to_the_by_day_sync(sandbox, products):
    place("RECENT", days_ago=1)
    shipped = place("SHIPPED", days_ago=5)
    ship_now(sandbox)
    assert "new parcels 1 (orders 1)" in late_tracking_sync(actor="schedule:late_tracking_innocigs")
    shipped.refresh_from_db()
    assert shipped.status == Order.Status.SHIPPED and Shipment.objects.filter(order=shipped).count() == 1
    assert looked_up("RECENT") == 0
    assert "of 0 open dropships" in late_tracking_sync(actor="schedule:late_tracking_innocigs")
    assert looked_up("SHIPPED") == 1


@pytest.mark.django_db(transaction=True)
def test_the_command_and_the_schedule_run_the_same_service(sandbox, products):
    from django.utils.module_loading import import_string

    from suppliers.innocigs.partner import SPEC

    place("L10", days_ago=10)
    cancel_at_innocigs(sandbox, "L10", listed_on=timezone.localdate() - timedelta(days=10))
    out = StringIO()
    call_command("innocigs_late_tracking", stdout=out, stderr=StringIO())
    assert "cancelled by InnoCigs 1" in out.getvalue()
    assert Submission.objects.get().state == S.CANCELLED
    [spec] = [s for s in SPEC.schedules if s.name == "late_tracking_innocigs"]
    place("L12", days_ago=12)
    assert "of 1 open dropships" in import_string(spec.func)()  # the schedule's task: L10 is settled, L12 open
    assert looked_up("L12") == 1


@pytest.mark.django_db(transaction=True)
def test_an_order_that_cannot_be_asked_is_reported_and_the_others_still_count(sandbox, products, monkeypatch):
    from backoffice.errors import PartnerUnavailable
    from shipping.tracking import TrackingSyncFailed
    from suppliers.innocigs.client import InnocigsClient

    place("L8", days_ago=8)
    place("L9", days_ago=9)
    cancel_at_innocigs(sandbox, "L8", listed_on=timezone.localdate() - timedelta(days=8))
    real = InnocigsClient.tracking_by_order

    def flaky(self, number):
        if number == "L9":
            raise PartnerUnavailable("innocigs is unavailable (HTTP 503)", partner="innocigs", code="http_503")
        return real(self, number)

    monkeypatch.setattr(InnocigsClient, "tracking_by_order", flaky)
    with pytest.raises(TrackingSyncFailed) as failed:
        late_tracking_sync(actor="schedule:late_tracking_innocigs")
    assert "cancelled by InnoCigs 1" in str(failed.value)
    assert "failed: order L9: innocigs is unavailable (HTTP 503)" in str(failed.value)
    assert Submission.objects.get(order__number="L9").state == S.ACCEPTED  # asked again next time
