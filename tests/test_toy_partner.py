"""A fifth partner is one package and one line in INSTALLED_APPS: the toy courier (tests/toy_partner) takes an
order through the one lifecycle (claim, reference, outcome, history) with no edit outside its package."""

from datetime import date, timedelta
from io import StringIO

import pytest
import requests
import responses
from django.conf import settings
from django.test import override_settings

from backoffice import registry
from backoffice.models import PartnerExchange
from orders.models import Address, Order, OrderLine, Submission
from orders.services.submissions import orders_submit, submission_reconcile
from tests.toy_partner.partner import BASE_URL

S = Submission.State


@pytest.fixture
def toy(monkeypatch):
    # The registry is filled by ready(); a copy keeps the toy's spec out of every other test.
    monkeypatch.setattr(registry, "_specs", dict(registry._specs))
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.toy_partner"]):
        yield


def make_order(number, city="Hamburg"):
    address = Address.objects.create(first_name="Jane", last_name="Doe", street="Teststr.", house_number="23",
                                     postcode="22761", city=city, country="DE")
    order = Order.objects.create(number=number, placed_at=date(2026, 11, 20), route="toy", shipping_address=address)
    OrderLine.objects.create(order=order, sku="SKU-1", quantity=1, unit_price="9.90")
    return order


def test_without_its_line_in_installed_apps_the_toy_partner_is_unknown():
    assert "toy" not in {spec.name for spec in registry.partner_specs()}


@pytest.mark.django_db
@responses.activate
def test_an_order_goes_through_the_toy_partner_by_the_one_lifecycle(toy):
    assert registry.partner_spec("toy").label == "Toy courier"
    booked = responses.post(f"{BASE_URL}bookings", status=201, json={"id": "TOY-77"})
    order = make_order("T1")
    [result] = orders_submit(orders=[order], partner="toy", actor="user:test")
    assert result.state == S.ACCEPTED
    assert booked.call_count == 1
    order.refresh_from_db()
    assert (order.status, order.submission_state, order.partner_reference) == ("submitted", "accepted", "TOY-77")
    submission = order.submissions.get()
    assert (submission.partner, submission.reference) == ("toy", "T1")
    assert [(e.from_state, e.to_state) for e in order.events.all()] == [
        ("", "ready"), ("ready", "sending"), ("sending", "accepted"), ("ready", "submitted")
    ]
    assert PartnerExchange.objects.filter(partner="toy", operation="book").count() == 1
    again = orders_submit(orders=[order], partner="toy", actor="user:test")
    assert [r.state for r in again] == ["skipped"] and booked.call_count == 1


@pytest.mark.django_db
@responses.activate
def test_a_toy_refusal_is_explained_and_an_unknown_outcome_settles_from_its_data(toy):
    responses.post(f"{BASE_URL}bookings", status=422, json={"errors": [{"code": "area", "message": "Kein Gebiet"}]})
    [result] = orders_submit(orders=[make_order("T2", city="Sylt")], partner="toy", actor="user:test")
    assert result.state == S.REFUSED
    [error] = Submission.objects.get(reference="T2").errors
    assert (error["explanation"], error["next_step"]) == ("the toy courier does not deliver there",
                                                          "choose another route")
    responses.post(f"{BASE_URL}bookings", body=requests.exceptions.ReadTimeout("no reply in time"))
    order = make_order("T3")
    [result] = orders_submit(orders=[order], partner="toy", actor="user:test")
    assert result.state == S.UNKNOWN
    responses.get(f"{BASE_URL}bookings/T3", json={"id": "TOY-78"})
    unknown = order.submissions.get()
    # Once the request can no longer arrive (settle_after), the toy's own data settles it.
    later = unknown.settle_after + timedelta(seconds=1)
    submission = submission_reconcile(submission=unknown, actor="user:test", now=later)
    assert (submission.state, submission.partner_reference) == (S.ACCEPTED, "TOY-78")


@pytest.mark.django_db
def test_the_toy_partners_figure_and_inbox_row_reach_the_dashboard_from_its_spec(toy, admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "toy parcels waiting" in page
    assert "The toy courier lost a parcel." in page and "Ask the toy courier." in page


@pytest.mark.django_db
def test_without_the_toy_partner_its_figure_is_not_on_the_dashboard(admin_client):
    assert "toy parcels waiting" not in admin_client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_the_toy_partners_route_and_permission_come_from_its_spec_without_a_migration(toy):
    from django.apps import apps
    from django.contrib.auth.models import Permission

    from orders.permissions import partner_permissions_create

    assert ("toy", "Toy courier") in Order._meta.get_field("route").choices
    assert make_order("T5").legs == ("toy",)
    partner_permissions_create(apps.get_app_config("orders"))  # what every migrate runs afterwards
    permission = Permission.objects.get(codename="book_toy")
    assert (permission.content_type.app_label, permission.name) == ("orders", "Can book the toy courier")


@pytest.mark.django_db
def test_the_toy_partners_schedule_comes_from_its_spec_into_setup_schedules(toy):
    from django.core.management import call_command
    from django_q.models import Schedule

    out = StringIO()
    call_command("setup_schedules", stdout=out)
    assert "created   toy_check: every 45 min" in out.getvalue().splitlines()
    schedule = Schedule.objects.get(name="toy_check")
    assert (schedule.func, schedule.schedule_type, schedule.minutes) == (
        "tests.toy_partner.client.check_connection", Schedule.MINUTES, 45)


@pytest.mark.django_db
def test_without_the_toy_partner_setup_schedules_creates_none_of_its_schedules():
    from django.core.management import call_command
    from django_q.models import Schedule

    call_command("setup_schedules", stdout=StringIO())
    assert Schedule.objects.filter(name="check_partners").exists()
    assert not Schedule.objects.filter(name="toy_check").exists()


@pytest.mark.django_db
def test_every_partner_permission_exists_after_migrate():
    from django.contrib.auth.models import Permission

    declared = {codename for spec in registry.partner_specs() for codename, _words in spec.permissions}
    assert {"submit_innocigs", "book_innoship", "cancel_innoship", "register_meineinkauf"} <= declared
    found = set(Permission.objects.filter(content_type__app_label="orders", codename__in=declared)
                .values_list("codename", flat=True))
    assert found == declared
