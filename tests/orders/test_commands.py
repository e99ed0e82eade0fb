"""import_orders, submit_orders and reconcile_submissions from a terminal, and the schedule's task."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from orders.adapters import Outcome
from orders.models import Order, Submission
from orders.tasks import reconcile_submissions_task
from tests.orders import factories
from tests.orders.test_importing import order_data

S = Submission.State


def command(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def orders_file(tmp_path):
    def write(*orders, name="orders.json"):
        path = tmp_path / name
        path.write_text(json.dumps({"orders": list(orders)}), encoding="utf-8")
        return str(path)

    return write


@pytest.mark.django_db
def test_import_orders_reports_each_failure_and_a_summary_and_exits_non_zero(orders_file):
    bad = order_data("A2")
    bad["lines"][0]["quantity"] = 0
    out = StringIO()
    with pytest.raises(CommandError, match="1 created, 0 unchanged, 0 conflicting, 1 invalid"):
        call_command("import_orders", orders_file(order_data("A1"), bad), stdout=out, stderr=StringIO())
    assert "error     A2 Quantity (line 1): must be a positive whole number" in out.getvalue()
    assert Order.objects.get().number == "A1"


@pytest.mark.django_db
def test_import_orders_twice_changes_nothing_and_says_so(orders_file):
    path = orders_file(order_data("A1"), order_data("A2"))
    assert "2 created" in command("import_orders", path)
    assert command("import_orders", path).strip().endswith("0 invalid: nothing to do, every order is already here")
    assert Order.objects.count() == 2


@pytest.mark.django_db
def test_import_orders_dry_run_saves_nothing(orders_file):
    out = command("import_orders", orders_file(order_data("A1")), "--dry-run")
    assert "1 would be created" in out and "(dry run: nothing was saved)" in out
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_import_orders_reads_csv_and_refuses_an_unreadable_file(tmp_path):
    from tests.orders.test_importing import csv_text

    path = tmp_path / "orders.csv"
    path.write_text(csv_text("IC10000L10-TE-3,Liquid,2,12.50,19,120"), encoding="utf-8")
    assert "1 created" in command("import_orders", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        command("import_orders", str(tmp_path / "missing.json"))
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported: not valid JSON"):
        command("import_orders", str(tmp_path / "broken.json"))


@pytest.mark.django_db
def test_submit_orders_sends_the_named_orders_once_and_says_what_happened(partner):
    factories.order("A1")
    factories.order("A2", sku="REFUSE")
    with pytest.raises(CommandError, match=r"innocigs: 1 no such order, 1 accepted, 1 refused \(2 not accepted\)"):
        command("submit_orders", "--partner", "innocigs", "A1", "A2", "NOPE")
    assert partner.sent == ["A1", "A2"]
    out = command("submit_orders", "--partner", "innocigs", "A1")
    assert "A1: already accepted (D-A1)" in out and partner.sent == ["A1", "A2"]


@pytest.mark.django_db
def test_submit_orders_all_ready_takes_only_ready_orders_of_that_route(partner):
    factories.order("A1")
    factories.order("A2")
    factories.order("SHIP", route="innoship")
    factories.submission(factories.order("REF"), state=S.REFUSED)
    factories.submission(factories.order("UNK"), state=S.UNKNOWN)
    out = command("submit_orders", "--partner", "innocigs", "--all-ready")
    assert "A1: accepted\nA2: accepted\n" in out and out.strip().endswith("innocigs: 2 accepted")
    assert partner.sent == ["A1", "A2"]
    assert command("submit_orders", "--partner", "innocigs", "--all-ready").strip() == "innocigs: nothing to do"


@pytest.mark.django_db
def test_submit_orders_when_the_partner_is_down_exits_non_zero_and_leaves_the_orders_ready(partner):
    factories.order("A1")
    partner.down = True
    with pytest.raises(CommandError, match="1 not sent"):
        command("submit_orders", "--partner", "innocigs", "A1")
    assert Submission.objects.get().state == S.READY


@pytest.mark.django_db
def test_submit_orders_refuses_unclear_requests():
    # (A partner whose adapter cannot be imported stops the start instead: tests/shipping/test_tracking_registry.py.)
    with pytest.raises(CommandError, match="Name the orders to submit, or give --all-ready"):
        command("submit_orders", "--partner", "innocigs")
    with pytest.raises(CommandError, match="Name the orders to submit, or give --all-ready"):
        command("submit_orders", "--partner", "innocigs", "A1", "--all-ready")


@pytest.mark.django_db
def test_reconcile_submissions_sweeps_dead_claims_then_settles_every_unknown_one(partner):
    stale = factories.order("A1")
    factories.submission(stale, state=S.SENDING, sending_since=timezone.now() - timedelta(hours=2))
    fresh = factories.order("A2")
    factories.submission(fresh, state=S.SENDING, sending_since=timezone.now())
    factories.submission(factories.order("A3"), state=S.UNKNOWN)
    partner.known = Outcome(S.ACCEPTED, partner_reference="D-x")
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 still unknown"):
        call_command("reconcile_submissions", "--partner", "innocigs", stdout=out, stderr=StringIO())
    out = out.getvalue()
    # The dead sender's request may still be on its way: its claim waits out the window before it is settled.
    assert "A1 (innocigs): unknown – waiting until" in out and "A3 (innocigs): accepted" in out
    assert Submission.objects.get(order=fresh).state == S.SENDING  # a live sender is left alone
    Submission.objects.filter(order=stale).update(settle_after=timezone.now() - timedelta(seconds=1))
    assert "A1 (innocigs): accepted" in command("reconcile_submissions", "--partner", "innocigs")
    assert partner.sent == []


@pytest.mark.django_db
def test_reconcile_submissions_exits_non_zero_while_the_partner_cannot_tell(partner, monkeypatch):
    factories.submission(factories.order("A1"), state=S.UNKNOWN)
    def no_lookup(self, submission):
        raise NotImplementedError

    monkeypatch.setattr(partner, "reconcile", no_lookup)
    with pytest.raises(CommandError, match=r"1 unknown \(1 still unknown\)"):
        command("reconcile_submissions")
    assert Submission.objects.get().state == S.UNKNOWN


@pytest.mark.django_db
def test_the_schedule_task_acts_as_the_schedule(partner):
    factories.submission(factories.order("A1"), state=S.UNKNOWN)
    assert reconcile_submissions_task() == "1 ready"
    submission = Submission.objects.get()
    assert submission.state == S.READY
    assert submission.events.last().actor == "schedule:reconcile_submissions"
    assert reconcile_submissions_task() == "no submission with an unknown outcome"


def test_the_order_schedules_reconcile_retry_and_purge():
    from django.utils.module_loading import import_string

    from orders.schedules import SCHEDULES

    specs = {spec.name: spec for spec in SCHEDULES}
    assert (specs["reconcile_submissions"].func, specs["reconcile_submissions"].minutes) == (
        "orders.tasks.reconcile_submissions_task", 10)
    assert specs["retry_submissions"].minutes == 5
    assert specs["purge_personal_data"].cron == "30 3 * * *"
    for spec in SCHEDULES:
        assert callable(import_string(spec.func))
