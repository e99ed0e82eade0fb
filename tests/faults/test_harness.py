"""The matrix can fail: each promise it checks is broken here on purpose, and the cell says so."""

import pytest

from backoffice import replies
from orders.zonos.models import ZonosOrder
from orders.zonos.services import zonos_reconcile
from shipping.innoship import tracking as innoship_tracking
from shipping.innoship.booking import InnoshipBookingAdapter
from shipping.tracking import TrackingSyncFailed
from suppliers.services import backorders, runs
from tests.support import replace_spec

from .matrix import FAULTS, OPERATIONS, run_cell

pytestmark = pytest.mark.django_db


def operation(name):
    return next(op for op in OPERATIONS if op.name == name)


def fault(label):
    return next(f for f in FAULTS if f.label == label)


def test_a_server_error_taken_for_nothing_processed_is_found(env, monkeypatch):
    def as_before(response, partner, *, write=False):
        replies.raise_for_transport(response, partner)  # the mapping before the fix: 502 means "not processed"

    monkeypatch.setattr("suppliers.innocigs.transport.raise_for_transport", as_before)
    cell = run_cell(operation("InnoCigs dropship (REST)"), fault("502"), env)
    assert "F1001: ready after the fault, expected unknown" in cell.problems[0]


def innoship_tracking_as_before(**kwargs):
    """The Innoship tracking sync before the fix: a batch it could not read was only mentioned in its summary."""
    try:
        return innoship_tracking.tracking_sync(**kwargs)
    except TrackingSyncFailed as exc:
        return str(exc)


def test_a_sync_that_hides_its_failure_is_found(env, monkeypatch):
    replace_spec(monkeypatch, "innoship", tracker=f"{__name__}.innoship_tracking_as_before")
    cell = run_cell(operation("Innoship tracking"), fault("503"), env)
    assert cell.problems == ["the sync reported success through the fault"]


def test_a_blind_resend_is_counted_as_doubled(env, monkeypatch):
    # "Not there", unasked, and taken as proof: the order is freed and booked again.
    monkeypatch.setattr(InnoshipBookingAdapter, "reconcile", lambda self, submission: None)
    monkeypatch.setattr(InnoshipBookingAdapter, "absence_is_proof", True)
    cell = run_cell(operation("Innoship booking"), fault("reset after"), env)
    assert cell.doubled == 2
    assert "F1001: reconcile freed an order the partner holds" in cell.problems
    assert "F1001: the partner holds it 2 times" in cell.problems


def test_a_failed_sync_that_wrote_half_is_found(env, monkeypatch):
    def writes_then_reads(**kwargs):
        ZonosOrder.objects.update(status="HALF_WRITTEN")  # a write before the reply is known to be whole
        return zonos_reconcile(**kwargs)

    monkeypatch.setattr("orders.zonos.management.commands.reconcile_zonos.zonos_reconcile", writes_then_reads)
    cell = run_cell(operation("Zonos reconciliation"), fault("cut reply"), env)
    assert cell.problems[0].startswith("the failed sync changed data: ZonosOrder:")


def test_a_failed_catalogue_sync_recorded_without_its_reason_is_found(env, monkeypatch):
    original = runs.run_finish

    def silent(run, *, counts=None, error=None):
        original(run, counts=counts, error=error and Exception(""))

    monkeypatch.setattr(runs, "run_finish", silent)
    cell = run_cell(operation("InnoCigs stock (XML)"), fault("500"), env)
    assert cell.problems == ["the failed run's record: failed '', expected failed with the reason"]


def test_a_catalogue_sync_that_drops_news_is_found(env, monkeypatch):
    original = backorders.backorders_apply
    monkeypatch.setattr(backorders, "backorders_apply",
                        lambda *, items, progress=None: original(items=list(items)[:-1], progress=progress))
    cell = run_cell(operation("InnoCigs backorders (REST)"), fault("reset before"), env)
    assert len(cell.problems) == 1 and cell.problems[0].startswith("backorders [")
