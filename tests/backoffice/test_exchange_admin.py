"""The audit of partner exchanges in the admin: read-only, filterable, and cheap to list."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.models import PartnerExchange, PartnerHealth

pytestmark = pytest.mark.django_db
LIST = reverse("admin:backoffice_partnerexchange_changelist")


def exchange(partner="innocigs", status=200, *, days_ago=0, related=None, **fields):
    row = PartnerExchange.objects.create(
        partner=partner, operation=fields.pop("operation", "stock"), method="GET",
        url=f"https://{partner}.example/x", status_code=status, duration_ms=12, triggered_by="user:alice",
        content_type=ContentType.objects.get_for_model(related) if related else None,
        object_id=str(related.pk) if related else "", related_label=str(related) if related else "", **fields,
    )
    if days_ago:
        PartnerExchange.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return row


def listed(admin_client, query=""):
    response = admin_client.get(f"{LIST}{query}")
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def test_nobody_adds_changes_or_deletes_an_exchange(admin_client):
    row = exchange()
    change = reverse("admin:backoffice_partnerexchange_change", args=[row.pk])
    assert admin_client.get(reverse("admin:backoffice_partnerexchange_add")).status_code == 403
    assert admin_client.post(change, {"operation": "forged"}).status_code == 403
    assert admin_client.get(reverse("admin:backoffice_partnerexchange_delete", args=[row.pk])).status_code == 403
    assert admin_client.post(LIST, {"action": "delete_selected", "_selected_action": [row.pk]}).status_code in (
        200, 302)
    row.refresh_from_db()
    assert row.operation == "stock"
    listing = admin_client.get(LIST).content.decode()
    assert reverse("admin:backoffice_partnerexchange_add") not in listing
    assert 'name="_selected_action"' not in listing  # no actions, no bulk delete


def test_the_detail_page_shows_the_exchange_read_only(admin_client):
    row = exchange(status=None, error="No reply within 30 s.", request_body="cid=***&auth=***",
                   response_body="")
    page = admin_client.get(reverse("admin:backoffice_partnerexchange_change", args=[row.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "No reply within 30 s." in html and "cid=***&amp;auth=***" in html
    assert 'name="_save"' not in html and "<textarea" not in html


def test_exchange_and_health_are_read_only_for_every_user(admin_client):
    PartnerHealth.objects.create(partner="zonos", ok=True, checked_at=timezone.now())
    assert admin_client.get(reverse("admin:backoffice_partnerhealth_add")).status_code == 403
    assert admin_client.get(reverse("admin:backoffice_partnerhealth_delete", args=["zonos"])).status_code == 403


def test_filter_by_partner(admin_client):
    a, b = exchange("innocigs"), exchange("innoship")
    assert listed(admin_client, "?partner__exact=innoship") == {b.pk}
    assert listed(admin_client) == {a.pk, b.pk}


@pytest.mark.parametrize(("choice", "expected"), [("ok", {200, 302}), ("client", {401, 422}), ("server", {503}),
                                                  ("none", {None})])
def test_filter_by_status_class(admin_client, choice, expected):
    rows = {exchange(status=status).pk: status for status in (200, 302, 401, 422, 503, None)}
    assert {rows[pk] for pk in listed(admin_client, f"?status={choice}")} == expected


def test_filter_by_date(admin_client):
    today, old = exchange(), exchange(days_ago=40)
    page = admin_client.get(LIST).content.decode()
    past_week = re.search(r'<a href="(\?created_at__gte=[^"]+)">Past 7 days</a>', page)[1].replace("&amp;", "&")
    assert listed(admin_client, past_week) == {today.pk}
    # The date hierarchy filters by the shop's day (TIME_ZONE), which late in a UTC evening is already tomorrow.
    old_date = timezone.localtime(PartnerExchange.objects.get(pk=old.pk).created_at)
    hierarchy = f"?created_at__year={old_date.year}&created_at__month={old_date.month}&created_at__day={old_date.day}"
    assert listed(admin_client, hierarchy) == {old.pk}


def test_filters_combine_and_search_finds_the_related_object(admin_client, admin_user):
    linked = exchange("innoship", 422, related=admin_user, operation="book")
    exchange("innoship", 200)
    exchange("innocigs", 422)
    assert listed(admin_client, "?partner__exact=innoship&status=client") == {linked.pk}
    assert listed(admin_client, f"?q={admin_user.username}") == {linked.pk}


def test_the_list_costs_the_same_queries_for_5_and_50_rows(admin_client, admin_user):
    def queries_for(count):
        PartnerExchange.objects.all().delete()
        for i in range(count):
            exchange(("innocigs", "zonos")[i % 2], (200, 503, None)[i % 3], related=admin_user if i % 2 else None)
        admin_client.get(LIST)  # warm the session and content-type caches
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(LIST)
        assert len(response.context["cl"].result_list) == count
        return len(captured)

    five, fifty = queries_for(5), queries_for(50)
    assert five == fifty
    assert fifty <= 10


def test_the_month_filter_offers_each_month_from_the_newest_exchange_back_to_the_oldest(admin_client):
    def month_choices():
        response = admin_client.get(LIST)
        specs = [s for s in response.context["cl"].filter_specs if getattr(s, "parameter_name", "") == "month"]
        return [value for spec in specs for value, _ in spec.lookup_choices]

    assert month_choices() == []  # no exchanges: no months, and the filter is not shown
    exchange("innocigs", 200)
    exchange("innocigs", 200, days_ago=40)
    newest, oldest = timezone.localtime().date(), timezone.localtime(timezone.now() - timedelta(days=40)).date()
    expected, year, month = [], newest.year, newest.month
    while (year, month) >= (oldest.year, oldest.month):
        expected.append(f"{year}-{month:02}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    assert month_choices() == expected
    assert len(expected) in (2, 3)
