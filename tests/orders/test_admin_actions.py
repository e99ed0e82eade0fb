"""Submitting from the admin: confirmation first, then direct for a few orders or a queued job for many;
permissions, hidden actions and forged posts; reconciliation."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.module_loading import import_string

from backoffice.models import Job
from orders import admin as orders_admin
from orders.adapters import Outcome
from orders.models import Order, Submission
from tests.orders import factories

S = Submission.State
LIST = reverse("admin:orders_order_changelist")


def act(client, action, orders, *, confirm=False, url=LIST):
    data = {"action": action, "_selected_action": [o.pk for o in orders]}
    if confirm:
        data["post"] = "yes"
    return client.post(url, data)


def messages_of(response):
    """The messages a response left for the next page (and only those)."""
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    response.wsgi_request._messages.used = True
    response.client.cookies.pop("messages", None)
    return shown


def action_names(client):
    form = client.get(LIST).context["action_form"]
    return [name for name, _ in form.fields["action"].choices] if form else []


@pytest.fixture
def queued(monkeypatch):
    """The tasks a job queued, to run them here as a worker would."""
    calls = []
    monkeypatch.setattr("backoffice.jobs.async_task", lambda func, *args, **kwargs: calls.append((func, args, kwargs)))
    return calls


def run_queued(calls):
    for func, args, kwargs in calls:
        kwargs.pop("task_name", None)
        import_string(func)(*args, **kwargs)


@pytest.mark.django_db
def test_the_confirmation_lists_what_will_be_sent_and_what_will_not_with_reasons(admin_client, partner):
    good = factories.order("GOOD", lines=2)
    no_stock = factories.order("NOSTOCK-ORDER", sku="NOSTOCK")
    wrong_route = factories.order("ROUTE", route="innoship")
    sent_already = factories.order("DONE", status=Order.Status.SUBMITTED, submission_state=S.ACCEPTED)
    in_flight = factories.order("UNSURE")
    factories.submission(in_flight, state=S.UNKNOWN)
    response = act(admin_client, "submit_innocigs", [good, no_stock, wrong_route, sent_already, in_flight])
    assert response.status_code == 200 and partner.sent == [] and not Submission.objects.filter(order=good).exists()
    assert [row.order.number for row in response.context["sendable"]] == ["GOOD"]
    reasons = {row.order.number: [str(p) for p in row.blockers] for row in response.context["blocked"]}
    assert reasons == {
        "NOSTOCK-ORDER": ["Article number (line 1): no stock for NOSTOCK"],
        "ROUTE": ["Route: the order goes to Own stock, courier via Innoship, not Test partner"],
        "DONE": ["Status: the order is submitted"],
        "UNSURE": ["Submission: a submission is already unknown"],
    }
    content = response.content.decode()
    assert "weight" in content and "200 g" in content  # the adapter's preview of GOOD
    assert f'name="_selected_action" value="{good.pk}"' in content
    assert f'value="{no_stock.pk}"' not in content  # only what will be sent is posted back
    assert 'name="post" value="yes"' in content


@pytest.mark.django_db
def test_confirming_a_few_orders_sends_them_at_once_and_reports_each(admin_client, partner):
    good, refused = factories.order("A1"), factories.order("A2", sku="REFUSE")
    response = act(admin_client, "submit_innocigs", [good, refused], confirm=True)
    assert response.status_code == 302
    assert partner.sent == ["A1", "A2"]
    shown = messages_of(response)
    assert shown[:2] == ["A1: accepted", "A2: refused – 30001 sku: REFUSE nicht lieferbar"]
    assert "Submit to InnoCigs: 1 accepted, 1 refused." in shown
    assert Order.objects.get(number="A1").status == Order.Status.SUBMITTED
    submission = Submission.objects.get(order=good)
    assert submission.created_by == "user:admin"
    assert set(submission.events.values_list("actor", flat=True)) == {"user:admin"}
    # a double click (or a second person) sends nothing again
    act(admin_client, "submit_innocigs", [good], confirm=True)
    assert partner.sent == ["A1", "A2"]


@pytest.mark.django_db
def test_many_orders_run_as_a_job_whose_page_shows_progress_and_each_outcome(
        admin_client, partner, queued, django_capture_on_commit_callbacks):
    orders = [factories.order(f"B{i:02}", sku="REFUSE" if i == 3 else "SKU-{i}") for i in range(25)]
    with django_capture_on_commit_callbacks(execute=True):
        response = act(admin_client, "submit_innocigs", orders, confirm=True)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:backoffice_job_change", args=[job.pk])
    assert (job.kind, job.total, job.created_by, job.status) == ("Submit to InnoCigs", 25, "user:admin", "queued")
    assert partner.sent == []  # nothing is sent while the page waits
    [(func, args, kwargs)] = queued
    assert func == "orders.tasks.submit_orders_job" and args == (job.pk,)
    assert kwargs["order_ids"] == [o.pk for o in orders] and kwargs["partner"] == "innocigs"  # ids only
    page = admin_client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh"' in page and "Waiting for the queue" in page

    run_queued(queued)
    job.refresh_from_db()
    assert (job.status, job.done, job.succeeded, job.failed) == ("done", 25, 24, 1)
    assert job.message == "24 accepted, 1 refused"
    assert len(partner.sent) == 25
    assert Submission.objects.filter(order__number="B00").get().created_by == "user:admin"
    page = admin_client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh"' not in page
    b03 = reverse("admin:orders_order_change", args=[orders[3].pk])
    assert f'<a href="{b03}">B03</a>: refused – 30001 sku: REFUSE nicht lieferbar' in page
    assert f'<a href="{reverse("admin:orders_order_change", args=[orders[0].pk])}">B00</a>: accepted' in page
    assert '<progress max="25" value="25">100%</progress>' in page
    # One refusal is not a green "Done": the page says so in amber, counts by outcome and leads to the work.
    assert '<td class="job-status-problems">Done with problems</td>' in page and "job-status-done" not in page
    assert "<li>24 accepted</li><li>1 refused</li>" in page
    assert "1 item was refused or held back." in page
    work = f"{LIST}?job={job.pk}"
    assert f'<a href="{work}">Open the list of those that need work</a>' in page
    assert [o.number for o in admin_client.get(work).context["cl"].result_list] == ["B03"]


@pytest.mark.django_db
def test_a_job_where_every_order_went_through_is_plainly_done(admin_client, partner, queued,
                                                              django_capture_on_commit_callbacks):
    orders = [factories.order(f"D{i:02}", sku=f"SKU-{i}") for i in range(21)]
    with django_capture_on_commit_callbacks(execute=True):
        response = act(admin_client, "submit_innocigs", orders, confirm=True)
    run_queued(queued)
    page = admin_client.get(response.url).content.decode()
    assert '<td class="job-status-done">Done</td>' in page
    assert "Done with problems" not in page and "need work" not in page


@pytest.mark.django_db
def test_a_job_that_dies_says_so_and_the_orders_it_settled_stay_settled(partner, queued, monkeypatch):
    from orders.tasks import submit_orders_job

    job = Job.objects.create(kind="Submit to InnoCigs", total=2, created_by="user:alice")
    orders = [factories.order("C1"), factories.order("C2")]
    monkeypatch.setattr("orders.tasks.orders_submit", lambda **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        submit_orders_job(job.pk, order_ids=[o.pk for o in orders], partner="innocigs")
    job.refresh_from_db()
    assert job.status == "failed" and "ZeroDivisionError" in job.message


@pytest.mark.django_db
def test_a_selection_larger_than_the_cap_is_refused_before_anything_happens(admin_client, partner, monkeypatch):
    monkeypatch.setattr(orders_admin, "CONFIRM_LIMIT", 2)
    orders = [factories.order(f"A{i}") for i in range(3)]
    for confirm in (False, True):
        response = act(admin_client, "submit_innocigs", orders, confirm=confirm)
        assert response.status_code == 302
        assert "Submit to InnoCigs: at most 2 orders at a time (3 selected)." in messages_of(response)[0]
    assert partner.sent == [] and not Submission.objects.exists()


@pytest.mark.django_db
def test_without_the_partners_permission_the_action_is_hidden_and_a_forged_post_sends_nothing(
        client, staff, partner):
    client.force_login(staff("change_order", "reconcile_submissions"))
    order = factories.order("A1")
    assert action_names(client) == ["", "reconcile_unknown", "export_csv"]
    response = act(client, "submit_innocigs", [order], confirm=True)
    assert messages_of(response) == ["No action selected."]
    assert partner.sent == [] and not Submission.objects.exists()
    # the action itself refuses too, should it ever be reached without the permission
    response = client.post(reverse("admin:orders_order_change", args=[order.pk]),
                           {"CHANGE_FORM-action": "submit_innocigs", "_selected_action": [order.pk], "post": "yes"})
    assert partner.sent == []


@pytest.mark.django_db
def test_with_the_permission_the_action_is_offered_and_works(client, staff, partner):
    client.force_login(staff("submit_innocigs"))
    assert "submit_innocigs" in action_names(client)
    assert "reconcile_unknown" not in action_names(client)
    act(client, "submit_innocigs", [factories.order("A1")], confirm=True)
    assert partner.sent == ["A1"]


@pytest.mark.django_db
def test_the_action_is_offered_on_the_order_page_and_confirms_through_the_list(admin_client, partner):
    order = factories.order("A1")
    url = reverse("admin:orders_order_change", args=[order.pk])
    page = admin_client.get(url).content.decode()
    assert 'value="submit_innocigs"' in page
    response = admin_client.post(url, {"CHANGE_FORM-action": "submit_innocigs", "_selected_action": [order.pk]})
    assert response.status_code == 200 and partner.sent == []
    assert f'action="{LIST}"' in response.content.decode()
    act(admin_client, "submit_innocigs", [order], confirm=True)
    assert partner.sent == ["A1"]


@pytest.mark.django_db
def test_reconcile_settles_unknown_outcomes_from_the_partners_data(admin_client, partner):
    unknown, other = factories.order("A1"), factories.order("A2")
    factories.submission(unknown, state=S.UNKNOWN, sending_since=None)
    partner.known = Outcome(S.ACCEPTED, partner_reference="D-A1", message="found at the partner")
    response = act(admin_client, "reconcile_unknown", [unknown, other])
    assert "A1 (innocigs): accepted – the partner has it: accepted" in messages_of(response)
    assert Order.objects.get(number="A1").status == Order.Status.SUBMITTED
    assert partner.sent == []  # reconciling never sends
    response = act(admin_client, "reconcile_unknown", [other])
    assert messages_of(response) == ["None of the selected orders has a submission with an unknown outcome."]


@pytest.mark.django_db
def test_reconcile_needs_its_permission(client, staff, partner):
    client.force_login(staff("reconcile_submissions"))
    assert "reconcile_unknown" in action_names(client)
    client.force_login(staff(username="carl"))
    assert "reconcile_unknown" not in action_names(client)


@pytest.mark.django_db
def test_the_job_page_is_for_whoever_started_it_or_may_see_jobs(client, staff):
    job = Job.objects.create(kind="Submit to InnoCigs", total=3, created_by="user:bob")
    url = reverse("admin:backoffice_job_change", args=[job.pk])
    client.force_login(staff())  # bob
    assert client.get(url).status_code == 200
    client.force_login(staff(username="carl"))
    assert client.get(url).status_code == 403
    client.force_login(staff("view_job", username="dora"))
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:backoffice_job_changelist")).status_code == 200
