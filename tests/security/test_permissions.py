"""Every admin control that talks to a partner needs its own permission.

One registry lists each control: the page that offers it, the request it makes, the permission it needs and
what "done" means. For each, a staff user who may see the page but lacks the permission does not see the
control, and the same request forged by hand (with a valid CSRF token) is refused, sends nothing to the
sandbox and changes nothing; with the permission, the control is offered and does its work.
`test_every_partner_control_is_in_the_registry` fails when an admin action appears that the registry lacks.
"""

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin import ActionLocation
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Task

from backoffice.models import Job, PartnerExchange, PartnerHealth
from backoffice.sandbox import state
from orders.admin import partner_actions
from orders.models import Order, Submission
from orders.zonos.models import ZonosOrder
from shipping.models import DeliveryState
from suppliers.models import Product, SyncRun

from . import scenarios

LIST = {
    "order": reverse("admin:orders_order_changelist"),
    "shipment": reverse("admin:shipping_shipment_changelist"),
    "zonos": reverse("admin:zonos_zonosorder_changelist"),
    "meineinkauf": reverse("admin:meineinkauf_meineinkauforder_changelist"),
    "return": reverse("admin:meineinkauf_meineinkaufreturn_changelist"),
    "failure": reverse("admin:django_q_failure_changelist"),
    "success": reverse("admin:django_q_success_changelist"),
    "product": reverse("admin:suppliers_product_changelist"),
}
QUEUED = []  # what the queue admin's resubmit sent to the broker in this test


def action_post(action, obj, *, confirm=True):
    return {"action": action, "_selected_action": [obj.pk], **({"post": "yes"} if confirm else {})}


def order_page_action_post(action, obj):
    """The action as the order page's own form posts it (Django's action form prefixed by its location)."""
    return {f"{ActionLocation.CHANGE_FORM.value}-action": action, "_selected_action": [obj.pk], "post": "yes"}


def catalogue_product():
    """A product the sandbox's catalogue knows, so refreshing it asks InnoCigs."""
    return Product.objects.create(model="12M100L10-BG-0", name="Twelve Monkeys Bonogurt")


def synced(kind):
    return lambda product, response: SyncRun.objects.filter(kind=kind).exists()


def queue_task(*, success):
    """A task the queue ran: it calls every partner (the partner check), so running it again would too."""
    now = timezone.now()
    return Task.objects.create(id=uuid.uuid4().hex, name="check-partners", func="backoffice.tasks.check_partners_task",
                               started=now, stopped=now, success=success, result="done" if success else "boom")


def queued_again(task):
    """Queued once more, and the admin's history says who did it."""
    logged = LogEntry.objects.filter(object_id=task.pk, change_message__startswith="Resubmitted").exists()
    return [func for func, args, kwargs in QUEUED] == [task.func] and logged


def submitted(order, response):
    return Submission.objects.filter(order=order).exists()


def confirmed_on_the_list(order, response):
    """The order page's action only shows the confirmation, which posts to the list (outside the page's
    transaction); nothing is sent from the order page itself."""
    html = response.content.decode()
    return (not Submission.objects.filter(order=order).exists() and 'name="post" value="yes"' in html
            and f'action="{reverse("admin:orders_order_changelist")}"' in html)


def pdf(obj, response):
    return response.status_code == 200 and response["Content-Type"] == "application/pdf"


@dataclass(frozen=True)
class Control:
    """One admin control: where it is offered, how it is used, what it needs and what it does."""

    name: str
    permission: str  # "app_label.codename"
    sees: tuple[str, ...]  # the permissions that show the page which offers the control
    setup: Any  # () -> the object the control acts on
    page: Any  # obj -> the page's URL
    marker: Any  # obj -> what in the page's HTML is the control
    request: Any  # obj -> (method, URL, data)
    done: Any  # (obj, response) -> whether the control did its work
    talks_to_partner: bool = True
    covers: str = ""  # the admin action's name, or the URL name of the admin view, that this entry covers


CONTROLS = [
    Control("submit to InnoCigs (list)", "orders.submit_innocigs", ("orders.view_order",),
            scenarios.innocigs_ready, lambda o: LIST["order"], lambda o: 'value="submit_innocigs"',
            lambda o: ("post", LIST["order"], action_post("submit_innocigs", o)), submitted,
            covers="submit_innocigs"),
    Control("submit to InnoCigs (order page)", "orders.submit_innocigs", ("orders.view_order",),
            scenarios.innocigs_ready, lambda o: reverse("admin:orders_order_change", args=[o.pk]),
            lambda o: 'value="submit_innocigs"',
            lambda o: ("post", reverse("admin:orders_order_change", args=[o.pk]),
                       order_page_action_post("submit_innocigs", o)), confirmed_on_the_list, talks_to_partner=False,
            covers="submit_innocigs"),
    Control("book courier (Innoship)", "orders.book_innoship", ("orders.view_order",),
            scenarios.innoship_ready, lambda o: LIST["order"], lambda o: 'value="book_innoship"',
            lambda o: ("post", LIST["order"], action_post("book_innoship", o)), submitted, covers="book_innoship"),
    Control("register with MeinEinkauf", "orders.register_meineinkauf", ("orders.view_order",),
            scenarios.meineinkauf_ready, lambda o: LIST["order"], lambda o: 'value="register_meineinkauf"',
            lambda o: ("post", LIST["order"], action_post("register_meineinkauf", o)), submitted,
            covers="register_meineinkauf"),
    Control("reconcile unknown outcomes", "orders.reconcile_submissions", ("orders.view_order",),
            scenarios.innocigs_unknown, lambda s: LIST["order"], lambda s: 'value="reconcile_unknown"',
            lambda s: ("post", LIST["order"], action_post("reconcile_unknown", s.order, confirm=False)),
            lambda s, r: Submission.objects.get(pk=s.pk).state != Submission.State.UNKNOWN, covers="reconcile_unknown"),
    Control("decide an unknown outcome", "orders.reconcile_submissions", ("orders.view_order",),
            scenarios.innocigs_awaiting_decision, lambda s: reverse("admin:orders_order_change", args=[s.order_id]),
            lambda s: reverse("admin:orders_order_decide", args=[s.order_id, s.pk]),
            lambda s: ("post", reverse("admin:orders_order_decide", args=[s.order_id, s.pk]), {"note": "checked"}),
            lambda s, r: Submission.objects.get(pk=s.pk).state == Submission.State.READY, talks_to_partner=False,
            covers="orders_order_decide"),
    Control("mark an order delivered", "orders.change_order", ("orders.view_order",),
            lambda: scenarios.submitted(scenarios.innocigs_ready("DLV1"), "innocigs"),
            lambda o: reverse("admin:orders_order_change", args=[o.pk]),
            lambda o: reverse("admin:orders_order_mark_delivered", args=[o.pk]),
            lambda o: ("post", reverse("admin:orders_order_mark_delivered", args=[o.pk]), {"note": "confirmed"}),
            lambda o, r: Order.objects.get(pk=o.pk).status == Order.Status.DELIVERED, talks_to_partner=False,
            covers="orders_order_mark_delivered"),
    Control("import orders", "orders.import_orders", ("orders.view_order",),
            lambda: None, lambda _: LIST["order"], lambda _: reverse("admin:orders_order_import"),
            lambda _: ("post", reverse("admin:orders_order_import"), {"file": scenarios.import_file()}),
            lambda _, r: Order.objects.filter(number="IMP1001").exists(), talks_to_partner=False,
            covers="orders_order_import"),
    Control("partner check", "backoffice.check_partners", (),
            lambda: None, lambda _: reverse("admin:index"), lambda _: reverse("admin:check_partners"),
            lambda _: ("post", reverse("admin:check_partners"), {}), lambda _, r: PartnerHealth.objects.exists(),
            covers="check_partners"),
    Control("run a schedule now", "suppliers.sync_catalogue", (),
            lambda: call_command("setup_schedules", verbosity=0), lambda _: reverse("admin:index"),
            lambda _: reverse("admin:run_schedule", args=["sync_stock"]),
            lambda _: ("post", reverse("admin:run_schedule", args=["sync_stock"]), {}),
            lambda _, r: Job.objects.filter(task="backoffice.tasks.run_schedule_job").exists(),
            talks_to_partner=False, covers="run_schedule"),
    Control("Zonos reconciliation", "zonos.reconcile_zonos", ("zonos.view_zonosorder",),
            lambda: None, lambda _: LIST["zonos"], lambda _: reverse("admin:zonos_zonosorder_reconcile"),
            lambda _: ("post", reverse("admin:zonos_zonosorder_reconcile"), {}),
            lambda _, r: ZonosOrder.objects.exists(), covers="zonos_zonosorder_reconcile"),
    Control("import from Zonos", "zonos.import_zonos", ("zonos.view_zonosorder",),
            scenarios.zonos_missing, lambda z: LIST["zonos"], lambda z: 'value="import_from_zonos"',
            lambda z: ("post", LIST["zonos"], action_post("import_from_zonos", z)),
            lambda z, r: Order.objects.filter(zonos_order_id=z.zonos_id).exists(), covers="import_from_zonos"),
    Control("confirm merchant order id to Zonos", "zonos.confirm_zonos", ("zonos.view_zonosorder",),
            scenarios.zonos_unconfirmed, lambda z: LIST["zonos"], lambda z: 'value="confirm_merchant_order_id"',
            lambda z: ("post", LIST["zonos"], action_post("confirm_merchant_order_id", z)),
            lambda z, r: ZonosOrder.objects.get(pk=z.pk).merchant_order_id == "Z999-10001",
            covers="confirm_merchant_order_id"),
    Control("download a label (shipment page)", "orders.download_innoship_labels", ("shipping.view_shipment",),
            scenarios.innoship_booked, lambda s: reverse("admin:shipping_shipment_change", args=[s.pk]),
            lambda s: reverse("admin:shipping_shipment_label", args=[s.pk]),
            lambda s: ("get", reverse("admin:shipping_shipment_label", args=[s.pk]), {}), pdf,
            covers="shipping_shipment_label"),
    Control("download labels (list)", "orders.download_innoship_labels", ("shipping.view_shipment",),
            scenarios.innoship_booked, lambda s: LIST["shipment"], lambda s: 'value="download_labels"',
            lambda s: ("post", LIST["shipment"], action_post("download_labels", s, confirm=False)), pdf,
            covers="download_labels"),
    Control("cancel a booking", "orders.cancel_innoship", ("shipping.view_shipment",),
            scenarios.innoship_booked, lambda s: reverse("admin:shipping_shipment_change", args=[s.pk]),
            lambda s: reverse("admin:shipping_shipment_cancel_booking", args=[s.pk]),
            lambda s: ("post", reverse("admin:shipping_shipment_cancel_booking", args=[s.pk]), {"post": "yes"}),
            lambda s, r: type(s).objects.get(pk=s.pk).delivery_state == DeliveryState.CANCELLED,
            covers="shipping_shipment_cancel_booking"),
    Control("refresh from MeinEinkauf (tracking sync)", "orders.sync_tracking", ("meineinkauf.view_meineinkauforder",),
            scenarios.meineinkauf_registered, lambda m: LIST["meineinkauf"], lambda m: 'value="refresh"',
            lambda m: ("post", LIST["meineinkauf"], action_post("refresh", m, confirm=False)),
            lambda m, r: type(m).objects.get(pk=m.pk).synced_at is not None, covers="refresh"),
    Control("resubmit a failed task", "backoffice.resubmit_tasks", ("django_q.view_failure",),
            lambda: queue_task(success=False), lambda t: LIST["failure"], lambda t: 'value="resubmit_tasks"',
            lambda t: ("post", LIST["failure"], action_post("resubmit_tasks", t, confirm=False)),
            lambda t, r: queued_again(t), talks_to_partner=False, covers="resubmit_tasks"),
    Control("resubmit a finished task", "backoffice.resubmit_tasks", ("django_q.view_success",),
            lambda: queue_task(success=True), lambda t: LIST["success"], lambda t: 'value="resubmit_tasks"',
            lambda t: ("post", LIST["success"], action_post("resubmit_tasks", t, confirm=False)),
            lambda t, r: queued_again(t), talks_to_partner=False, covers="resubmit_tasks"),
    Control("refresh stock now", "suppliers.sync_catalogue", ("suppliers.view_product",),
            catalogue_product, lambda p: LIST["product"], lambda p: 'value="refresh_stock"',
            lambda p: ("post", LIST["product"], action_post("refresh_stock", p, confirm=False)),
            synced(SyncRun.Kind.STOCK), covers="refresh_stock"),
    Control("refresh prices now", "suppliers.sync_catalogue", ("suppliers.view_product",),
            catalogue_product, lambda p: LIST["product"], lambda p: 'value="refresh_prices"',
            lambda p: ("post", LIST["product"], action_post("refresh_prices", p, confirm=False)),
            synced(SyncRun.Kind.PRICES), covers="refresh_prices"),
    Control("mark a return handled", "meineinkauf.handle_meineinkaufreturn", ("meineinkauf.view_meineinkaufreturn",),
            "returned", lambda r: LIST["return"], lambda r: 'value="mark_handled"',
            lambda r: ("post", LIST["return"], action_post("mark_handled", r, confirm=False)),
            lambda r, response: type(r).objects.get(pk=r.pk).handled_at is not None, talks_to_partner=False,
            covers="mark_handled"),
]


@pytest.fixture
def partners(sandbox, settings, monkeypatch):
    scenarios.configure(settings, sandbox)
    QUEUED.clear()
    monkeypatch.setattr("django_q.admin.async_task", lambda func, *args, **kwargs: QUEUED.append((func, args, kwargs)))
    return sandbox


def staff_client(*permissions, username=None):
    user = User.objects.create_user(username or f"clerk{User.objects.count()}", password="pw", is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def use(client, control, obj):
    """Opens the control's page (which hands out the CSRF token), then makes the control's request."""
    page = client.get(control.page(obj))
    assert page.status_code == 200
    method, url, data = control.request(obj)
    if method == "get":
        return page, client.get(url)
    return page, client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def partner_traffic():
    return len(state.received()), PartnerExchange.objects.count()


def prepared(control, partners):
    setup = scenarios.meineinkauf_returned if control.setup == "returned" else control.setup
    return setup(partners) if setup is scenarios.meineinkauf_returned else setup()


@pytest.mark.parametrize("control", CONTROLS, ids=[c.name for c in CONTROLS])
def test_without_its_permission_a_control_is_hidden_and_a_forged_request_refused(partners, control):
    obj = prepared(control, partners)
    client = staff_client(*control.sees)
    before = partner_traffic()
    page, response = use(client, control, obj)
    assert control.marker(obj) not in page.text
    # Refused as Django refuses: 403, or the list again (a redirect, or a list with no action to run).
    assert response.status_code in (200, 302, 403), response.status_code
    assert response.get("Content-Type", "").startswith("text/html")
    assert partner_traffic() == before, "a forged request reached the partner"
    assert not control.done(obj, response)


@pytest.mark.parametrize("control", CONTROLS, ids=[c.name for c in CONTROLS])
def test_with_its_permission_a_control_is_offered_and_works(partners, control):
    obj = prepared(control, partners)
    client = staff_client(*control.sees, control.permission)
    before = partner_traffic()
    page, response = use(client, control, obj)
    assert control.marker(obj) in page.text
    assert response.status_code in (200, 302), response.status_code
    assert control.done(obj, response)
    if control.talks_to_partner:
        assert partner_traffic()[0] > before[0], "the control did not talk to the partner"


OURS_AND_THE_QUEUE = {"backoffice", "suppliers", "orders", "shipping", "innocigs", "innoship", "meineinkauf", "zonos",
                      "django_q"}  # a queued task may call partners


def admin_controls():
    """Every action of every admin list (with the orders' partner actions, which are made per request), and
    every admin view beyond Django's own list, add, change, delete and history pages."""
    standard = ("changelist", "add", "change", "delete", "history")
    actions = {spec.name for spec in partner_actions()}
    views = {"check_partners", "run_schedule"}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OURS_AND_THE_QUEUE:
            continue
        actions |= {action.name for location in ActionLocation
                    for action in model_admin._get_base_actions(action_location=location)}
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        views |= {url.name for url in model_admin.get_urls()
                  if url.name and not any(url.name == prefix + page for page in standard)}
    # delete_selected: Django's own, refused wherever deleting is. export_csv: it needs the list's own view
    # permission, so no one sees the list without it (tests/backoffice/test_csv_export.py checks it).
    return (actions | views) - {"delete_selected", "export_csv"}


def test_every_admin_action_and_view_is_in_the_registry():
    assert admin_controls() == {control.covers for control in CONTROLS}
