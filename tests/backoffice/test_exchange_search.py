"""The audit list's search, operation and month filters: indexed lookups that stay fast at a million rows."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.models import PartnerExchange
from backoffice.selectors import exchange_operations

pytestmark = pytest.mark.django_db
LIST = reverse("admin:backoffice_partnerexchange_changelist")


def exchange(operation="stock", *, label="", actor="schedule:sync", at=None):
    row = PartnerExchange.objects.create(partner="innocigs", operation=operation, method="GET", url="https://x.test/",
                                         status_code=200, related_label=label, triggered_by=actor)
    if at:
        PartnerExchange.objects.filter(pk=row.pk).update(created_at=at)
    return row.pk


def listed(client, query):
    response = client.get(LIST + query)
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def test_the_operations_are_listed_once_each_in_order():
    for operation in ("tracking", "dropship", "stock", "dropship", "tracking", "tracking"):
        exchange(operation)
    assert exchange_operations() == ["dropship", "stock", "tracking"]


def test_no_exchange_lists_no_operation(admin_client):
    assert exchange_operations() == []
    assert admin_client.get(LIST).status_code == 200


def test_the_operation_filter_offers_each_operation_and_filters(admin_client):
    dropship, stock = exchange("dropship"), exchange("stock")
    page = admin_client.get(LIST).text
    assert "?operation__exact=dropship" in page and "?operation__exact=stock" in page
    assert listed(admin_client, "?operation__exact=dropship") == {dropship}
    assert listed(admin_client, "") == {dropship, stock}


def test_search_finds_what_an_exchange_is_about_by_its_start_in_any_case_and_who_triggered_it(admin_client):
    order = exchange(label="B0001")
    submission = exchange(label="B0001 → innocigs #1")
    other = exchange(label="XB0001")
    by_alice = exchange(actor="user:alice")
    assert listed(admin_client, "?q=B0001") == {order, submission}
    assert listed(admin_client, "?q=b0001") == {order, submission}
    assert other not in listed(admin_client, "?q=0001")  # a start, not anywhere inside
    assert listed(admin_client, "?q=user:alice") == {by_alice}
    assert listed(admin_client, "?q=alice") == set()


def test_the_month_filter_lists_the_months_newest_first_and_filters(admin_client):
    march = exchange(at=timezone.make_aware(datetime(2025, 3, 31, 23, 30)))
    may = exchange(at=timezone.make_aware(datetime(2025, 5, 1, 0, 15)))
    page = admin_client.get(LIST).text
    assert page.index("May 2025") < page.index("April 2025") < page.index("March 2025")
    assert listed(admin_client, "?month=2025-03") == {march}
    assert listed(admin_client, "?month=2025-05") == {may}
    assert listed(admin_client, "?month=2025-04") == set()
    assert listed(admin_client, "?month=nonsense") == {march, may}


def test_december_ends_at_the_new_year(admin_client):
    december = exchange(at=timezone.make_aware(datetime(2025, 12, 31, 23, 59)))
    exchange(at=timezone.make_aware(datetime(2026, 1, 1, 0, 0)))
    assert listed(admin_client, "?month=2025-12") == {december}
