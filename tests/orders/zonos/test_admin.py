"""The reconciliation page without JavaScript: filters, the reconcile button, both actions with their
confirmation page, permissions, and large selections on the queue."""

import re

import pytest
from django.contrib.auth.models import Permission, User

from backoffice.models import Job
from backoffice.sandbox import state
from orders.models import Order
from orders.zonos.admin import INLINE_LIMIT
from orders.zonos.models import ZonosOrder
from orders.zonos.sandbox import api as zonos_sandbox
from orders.zonos.services import zonos_reconcile
from orders.zonos.tasks import zonos_action_job

from .conftest import shop_order

pytestmark = pytest.mark.django_db
URL = "/admin/zonos/zonosorder/"


@pytest.fixture
def reconciled(sandbox):
    zonos_reconcile(actor="user:test")
    return {z.zonos_id: z for z in ZonosOrder.objects.all()}


def staff(*codenames):
    user = User.objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="zonos",
                                                         codename__in=["view_zonosorder", *codenames]))
    return user


def rows(page):
    return re.findall(r'<th class="field-zonos_id"><a href="[^"]+">([^<]+)</a>', page)


def messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_page_lists_zonos_orders_and_filters_what_needs_attention(admin_client, reconciled):
    page = admin_client.get(URL).content.decode()
    assert len(rows(page)) == 7
    assert "5 missing: not imported" in page and "Reconcile with Zonos now" in page
    assert rows(admin_client.get(URL, {"reconciliation": "missing"}).content.decode()) == [
        "999-10007", "999-10005", "999-10004", "999-10003", "999-10001"]
    assert rows(admin_client.get(URL, {"reconciliation": "test"}).content.decode()) == ["999-10002"]
    assert "fraud review at Zonos" in page and "missing: import it" in page


def test_a_conflict_is_shown_loudly_in_the_list(admin_client, reconciled):
    shop_order("Z999-10004", zonos_order_id="999-10004", status="submitted", submission_state="accepted")
    page = admin_client.get(URL, {"reconciliation": "conflict"}).content.decode()
    assert rows(page) == ["999-10004"]
    assert ('<span class="zonos-alert">STATUS CONFLICT: fraud review at Zonos but Z999-10004 was sent: stop it'
            in page)


def test_the_reconcile_button_runs_a_reconciliation(admin_client, sandbox):
    response = admin_client.post(f"{URL}reconcile/", follow=True)
    assert ZonosOrder.objects.count() == 7
    assert any(m.startswith("Zonos, orders since") for m in messages(response))
    assert admin_client.get(f"{URL}reconcile/").status_code == 405


def test_the_reconcile_button_needs_its_permission(client, sandbox):
    client.force_login(staff())
    page = client.get(URL).content.decode()
    assert "Reconcile with Zonos now" not in page
    response = client.post(f"{URL}reconcile/", follow=True)
    assert messages(response) == ["You may not run the Zonos reconciliation."]
    assert state.received("zonos") == []


def test_import_shows_what_will_happen_first_then_imports(admin_client, reconciled, stand_in_import):
    chosen = [reconciled[z].pk for z in ("999-10001", "999-10002")]
    first = admin_client.post(URL, {"action": "import_from_zonos", "_selected_action": chosen})
    page = first.content.decode()
    assert "1 of 2 selected Zonos orders will be acted on" in page
    assert "fetch its details from Zonos and import it as Z999-10001" in page
    assert "not done: test order: never imported" in page
    assert state.received("zonos", "orderDetail") == [] and Order.objects.count() == 0

    done = admin_client.post(URL, {"action": "import_from_zonos", "_selected_action": chosen, "post": "yes"},
                             follow=True)
    assert messages(done) == ["999-10001: imported as Z999-10001 (route innocigs)"]
    assert Order.objects.get().number == "Z999-10001"


def test_confirm_sends_our_number_to_zonos(admin_client, reconciled):
    shop_order("Z999-10001", zonos_order_id="999-10001")
    pk = reconciled["999-10001"].pk
    done = admin_client.post(URL, {"action": "confirm_merchant_order_id", "_selected_action": [pk], "post": "yes"},
                             follow=True)
    assert messages(done) == ["999-10001: confirmed: Zonos now knows it as Z999-10001"]
    assert ZonosOrder.objects.get(pk=pk).merchant_order_id == "Z999-10001"
    again = admin_client.post(URL, {"action": "confirm_merchant_order_id", "_selected_action": [pk]})
    assert "not done: already confirmed as Z999-10001" in again.content.decode()


def test_nothing_to_do_is_said_and_nothing_sent(admin_client, reconciled):
    done = admin_client.post(URL, {"action": "confirm_merchant_order_id", "post": "yes",
                                   "_selected_action": [reconciled["999-10001"].pk]}, follow=True)
    assert messages(done) == ["Nothing to do: none of the selected orders needs this."]
    assert state.received("zonos", "updateMerchantOrderId") == []


@pytest.mark.parametrize(("codename", "action", "offered"), [
    ("import_zonos", "import_from_zonos", True), ("import_zonos", "confirm_merchant_order_id", False),
    ("confirm_zonos", "confirm_merchant_order_id", True), ("confirm_zonos", "import_from_zonos", False),
])
def test_each_action_needs_its_own_permission(client, reconciled, stand_in_import, codename, action, offered):
    client.force_login(staff(codename))
    page = client.get(URL).content.decode()
    assert (f'value="{action}"' in page) is offered
    client.post(URL, {"action": action, "_selected_action": [reconciled["999-10001"].pk], "post": "yes"})
    if not offered:
        assert state.received("zonos", "orderDetail") == state.received("zonos", "updateMerchantOrderId") == []


def test_a_large_selection_runs_on_the_queue_as_a_job(admin_client, sandbox, stand_in_import):
    zonos_sandbox.orders_set([zonos_sandbox.make_order(n, placed_at=zonos_sandbox.datetime.now(zonos_sandbox.UTC))
                              for n in range(1, INLINE_LIMIT + 3)])
    zonos_reconcile(actor="user:test")
    ids = list(ZonosOrder.objects.values_list("pk", flat=True))
    done = admin_client.post(URL, {"action": "import_from_zonos", "_selected_action": ids, "post": "yes"}, follow=True)
    job = Job.objects.get()
    assert (job.kind, job.total, job.created_by) == ("Import from Zonos", INLINE_LIMIT + 2, "user:admin")
    assert any(f"job #{job.pk}" in m for m in messages(done))
    assert Order.objects.count() == 0  # nothing happened yet: the queue does it

    zonos_action_job(job.pk, action="import", zonos_order_ids=ids)
    job.refresh_from_db()
    assert (job.status, job.done, job.succeeded) == ("done", INLINE_LIMIT + 2, INLINE_LIMIT + 2)
    assert job.lines[0] == "999-1: imported as Z999-1 (route innocigs)"
    assert Order.objects.count() == INLINE_LIMIT + 2


def test_an_order_page_shows_its_reconciliation(admin_client, reconciled):
    page = admin_client.get(f"{URL}{reconciled['999-10004'].pk}/change/").content.decode()
    assert "fraud review at Zonos" in page and "missing: import it" in page
    assert "Save" not in page  # the reconciliation's record is never edited by hand
