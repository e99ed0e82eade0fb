"""Every action and its outcome is attributable to a person, a command or a schedule.

Each entry point (every admin control, every management command, every schedule) runs against the sandbox;
then every row it wrote or changed in a field that names who acted (an order's history, a submission, a
partner exchange, a job, a standard order, a handled return) must name exactly that entry point:
"user:NAME", "command:NAME" or "schedule:NAME", never "system" and never someone else. The registries must
list every command and every schedule, so a new one cannot go unchecked.
"""

from io import StringIO
from pathlib import Path

import pytest
import requests
from django.apps import apps
from django.core.management import call_command, get_commands
from django.utils import timezone
from django.utils.module_loading import import_string

from backoffice.actors import acting_as
from backoffice.models import Job
from backoffice.sandbox import credentials
from backoffice.schedules import all_schedules
from orders.adapters import adapter_for
from orders.models import Order, Submission
from orders.services.submissions import submission_prepare
from shipping.models import Shipment
from suppliers.innocigs.standard_orders import standard_order_create, standard_order_send
from tests.support import control_headers

from . import scenarios
from .test_permissions import CONTROLS, LIST, prepared, staff_client, use

ACTOR_FIELDS = ("actor", "created_by", "triggered_by", "handled_by")
OUR_APPS = ("backoffice", "suppliers", "orders", "shipping", "innocigs", "innoship", "meineinkauf", "zonos")


def actor_columns():
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            for field in model._meta.concrete_fields:
                if field.name in ACTOR_FIELDS:
                    yield model, field.name


def snapshot():
    return {(model, name, pk, value) for model, name in actor_columns()
            for pk, value in model.objects.values_list("pk", name)}


def recorded_since(before):
    """Who the rows written or changed since `before` say acted, and in which tables."""
    new = snapshot() - before
    return {value for _, _, _, value in new if value}, {f"{model.__name__}.{name}" for model, name, _, _ in new}


@pytest.fixture
def partners(sandbox, settings, monkeypatch):
    scenarios.configure(settings, sandbox)
    queued = []
    monkeypatch.setattr("backoffice.jobs.async_task", lambda func, *args, **kwargs: queued.append((func, args, kwargs)))
    return sandbox, queued


def run_queued(queued):
    for func, args, kwargs in queued:
        kwargs.pop("task_name", None)
        import_string(func)(*args, **kwargs)
    queued.clear()


# --- admin: every control of the permission registry, used by a person ---

# Resubmitting records in the admin's history; the order page's partner action only leads to the list's
# confirmation, whose use the list's own entry checks; downloading the import's sample file changes nothing.
ADMIN = [c for c in CONTROLS if c.covers not in ("resubmit_tasks", "orders_order_import_sample")
         and not c.name.endswith("(order page)")]


@pytest.mark.parametrize("control", ADMIN, ids=[c.name for c in ADMIN])
def test_an_admin_control_records_the_person_who_used_it(partners, control):
    obj = prepared(control, partners[0])
    client = staff_client(*control.sees, control.permission, username="alice")
    before = snapshot()
    _, response = use(client, control, obj)
    assert control.done(obj, response)
    actors, tables = recorded_since(before)
    assert actors == {"user:alice"}, tables


def test_a_queued_job_acts_as_the_person_who_started_it(partners, django_capture_on_commit_callbacks):
    orders = [scenarios.innocigs_ready(f"JOB{i:02}") for i in range(21)]  # more than the page waits for
    client = staff_client("orders.view_order", "orders.submit_innocigs", username="alice")
    client.get(LIST["order"])
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST["order"], {"action": "submit_innocigs", "_selected_action": [o.pk for o in orders],
                                    "post": "yes", "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    run_queued(partners[1])
    actors, tables = recorded_since(before)
    assert actors == {"user:alice"}
    assert {"Job.created_by", "Submission.created_by", "OrderEvent.actor", "PartnerExchange.triggered_by"} <= tables
    assert Submission.objects.filter(state=Submission.State.ACCEPTED).count() == 21


# --- commands ---

def _import_path(tmp_path):
    path = Path(tmp_path) / "orders.json"
    path.write_bytes(scenarios.import_file("IMPCMD1").read())
    return [str(path)]


def _closed_long_ago():
    order = scenarios.innocigs_ready("OLD1")
    Order.objects.filter(pk=order.pk).update(status=Order.Status.DELIVERED,
                                             updated_at=timezone.now() - timezone.timedelta(days=400))
    return []


def _quiet_shipment():
    order = scenarios.innocigs_ready("QUIET1")
    Order.objects.filter(pk=order.pk).update(status=Order.Status.SHIPPED)
    long_ago = timezone.now() - timezone.timedelta(days=60)
    Shipment.objects.create(order=order, partner="innocigs", carrier="DHL", tracking_code="QUIET-1",
                            state_changed_at=long_ago)
    Shipment.objects.filter(order=order).update(created_at=long_ago)


def _late_dropship(base):
    """A dropship sent before the tracking window, which InnoCigs has shipped since: only a by-order ask finds it."""
    order = scenarios.submitted(scenarios.innocigs_ready("LATE1"), "innocigs")
    Submission.objects.filter(order=order).update(created_at=timezone.now() - timezone.timedelta(days=10))
    requests.post(f"{base}/innocigs/_control/ship", headers=control_headers(), timeout=10).raise_for_status()


def _shipped_dropship(base):
    scenarios.submitted(scenarios.innocigs_ready("SHIP1"), "innocigs")
    requests.post(f"{base}/innocigs/_control/ship", headers=control_headers(), timeout=10).raise_for_status()


def _picked_up(base):
    shipment = scenarios.innoship_booked("PICK1")
    requests.post(f"{base}/innoship/api/_sandbox/status", json={"awb": shipment.tracking_code, "statusId": 2},
                  headers={"X-Api-Key": credentials.INNOSHIP_API_KEY, **control_headers()},
                  timeout=10).raise_for_status()


def _exported(base):
    scenarios.meineinkauf_registered("CHX1")
    scenarios.meineinkauf_control(base, "advance", orderNumber="CHX1", steps=4)


def _return_waiting(base):
    scenarios.meineinkauf_registered("CHR1")
    scenarios.meineinkauf_control(base, "advance", orderNumber="CHR1", steps=4)
    scenarios.meineinkauf_control(base, "returns", orderNumber="CHR1", items=[
        {"articleNumber": "IC10000L10-TE-3", "reason": "damaged", "state": "unused"}])


def _restocked(base):
    scenarios.innocigs_ready("RESTOCK-SKUS")  # the catalogue knows the articles
    with acting_as(scenarios.SETUP):
        order = standard_order_create(lines=[("12M100L10-BG-0", 3)], actor=scenarios.SETUP)
        standard_order_send(standard_order=order, actor=scenarios.SETUP)
    requests.post(f"{base}/innocigs/_control/ship", headers=control_headers(), timeout=10).raise_for_status()


def _ready_to_submit():
    scenarios.innocigs_ready("CMD1")
    return ["--partner", "innocigs", "CMD1"]


def _unknown():
    scenarios.innocigs_unknown("UNK1")
    return []


# name: (set-up from (sandbox base, tmp_path) -> the command's arguments)
COMMANDS = {
    "submit_orders": lambda base, tmp: _ready_to_submit(),
    "reconcile_submissions": lambda base, tmp: _unknown(),
    "import_orders": lambda base, tmp: _import_path(tmp),
    "purge_personal_data": lambda base, tmp: _closed_long_ago() + ["--older-than", "30"],
    "assume_delivered": lambda base, tmp: _quiet_shipment() or [],
    "innocigs_late_tracking": lambda base, tmp: _late_dropship(base) or [],
    "check_partners": lambda base, tmp: [],
    "reconcile_zonos": lambda base, tmp: [],
    "zonos_missing_merchant_ids": lambda base, tmp: [],
    "sync_tracking": lambda base, tmp: _shipped_dropship(base) or ["--partner", "innocigs"],
    "sync_returns": lambda base, tmp: _return_waiting(base) or [],
    "sync_delivery_notes": lambda base, tmp: _restocked(base) or [],
    "innocigs_standard_order": lambda base, tmp: scenarios.innocigs_ready("SKUS") and ["12M100L10-BG-0:2"],
    "load_demo": lambda base, tmp: [],
    "sync_stock": lambda base, tmp: [],
    "sync_prices": lambda base, tmp: [],
    "sync_products": lambda base, tmp: [],
    "sync_pending": lambda base, tmp: [],
}
# Commands that change nothing anyone acts on: they create schedules, or write the translation catalogue.
RECORD_NOTHING = {"setup_schedules", "makemessages"}


def our_commands():
    # get_commands() names an app by its module: a partner package's commands come from e.g. "orders.zonos".
    return {name for name, app in get_commands().items() if app.rpartition(".")[2] in OUR_APPS}


def test_every_command_is_in_the_registry():
    assert our_commands() == set(COMMANDS) | RECORD_NOTHING


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_records_itself(partners, name, tmp_path):
    base, _ = partners
    args = COMMANDS[name](base, tmp_path)
    before = snapshot()
    try:
        call_command(name, *args, stdout=StringIO(), stderr=StringIO())
    except SystemExit as exit_:  # a command that reports failures by its exit status; who acted still counts
        assert exit_.code in (0, 1, None)
    actors, tables = recorded_since(before)
    assert actors == {f"command:{name}"}, tables


# --- schedules ---

def _due_for_retry():
    order = scenarios.innocigs_ready("RETRY1")
    submission = submission_prepare(order=order, actor=scenarios.SETUP, adapter=adapter_for("innocigs"))
    Submission.objects.filter(pk=submission.pk).update(retry_at=timezone.now() - timezone.timedelta(minutes=1))


def _stale_job(base):
    """A job whose worker died: the schedule queues it again, and the work stays the person's who started it."""
    order = scenarios.innocigs_ready("STALE1")
    Job.objects.create(kind="Submit to InnoCigs", total=1, created_by="user:alice", status=Job.Status.RUNNING,
                       task="orders.tasks.submit_orders_job",
                       task_kwargs={"order_ids": [order.pk], "partner": "innocigs"},
                       heartbeat_at=timezone.now() - timezone.timedelta(days=1))


NOTHING = "nothing"  # the schedule writes no row of the shop's (the database's own statistics)

# name: (set-up from the sandbox base, who the work is attributed to when not the schedule itself)
SCHEDULES = {
    "database_statistics": (lambda base: None, NOTHING),
    "check_partners": (lambda base: None, None),
    "requeue_stale_jobs": (_stale_job, "user:alice"),
    "reconcile_submissions": (lambda base: _unknown(), None),
    "retry_submissions": (lambda base: _due_for_retry(), None),
    "purge_personal_data": (lambda base: _closed_long_ago(), None),
    "assume_delivered": (lambda base: _quiet_shipment(), None),
    "late_tracking_innocigs": (_late_dropship, None),
    "reconcile_zonos": (lambda base: None, None),
    "missing_merchant_ids_zonos": (lambda base: None, None),
    "sync_tracking_innocigs": (_shipped_dropship, None),
    "sync_delivery_notes_innocigs": (_restocked, None),
    "innoship_tracking": (_picked_up, None),
    "meineinkauf_tracking": (_exported, None),
    "meineinkauf_returns": (_return_waiting, None),
    "sync_stock": (lambda base: None, None),
    "sync_prices": (lambda base: None, None),
    "sync_products": (lambda base: None, None),
    "sync_pending": (lambda base: None, None),
}


def test_every_schedule_is_in_the_registry():
    assert {spec.name for spec in all_schedules()} == set(SCHEDULES)


@pytest.mark.parametrize("spec", all_schedules(), ids=lambda spec: spec.name)
def test_a_schedule_records_itself(partners, spec, settings):
    base, queued = partners
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    setup, attributed_to = SCHEDULES[spec.name]
    setup(base)
    before = snapshot()
    import_string(spec.func)(**spec.kwargs)
    run_queued(queued)  # what the schedule queued, as a worker would run it
    actors, tables = recorded_since(before)
    assert actors == (set() if attributed_to == NOTHING else {attributed_to or f"schedule:{spec.name}"}), tables
