"""Big lists and the dashboard count at most a cap of rows, and say "10,000+" past it."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.counting import AtLeast, CappedPaginator, capped_count, counts_shared
from orders.models import Order
from suppliers.models import Product
from tests.orders import factories

pytestmark = pytest.mark.django_db


def test_a_count_below_the_cap_is_exact_and_one_above_reads_as_the_cap_plus():
    for i in range(4):
        factories.order(f"C{i}")
    assert capped_count(Order.objects.all(), 4) == 4 and type(capped_count(Order.objects.all(), 4)) is int
    capped = capped_count(Order.objects.all(), 3)
    assert isinstance(capped, AtLeast) and capped == 4 and capped > 3
    assert str(capped) == "3+" and str(AtLeast(10_000)) == "10,000+"
    assert Template("{{ n }} orders").render(Context({"n": AtLeast(10_000)})) == "10,000+ orders"


def test_the_count_is_one_bounded_query():
    factories.order("C1")
    with CaptureQueriesContext(connection) as captured:
        capped_count(Order.objects.filter(status="ready"), 1000)
    [query] = captured.captured_queries
    assert "LIMIT 1001" in query["sql"] and "ORDER BY" not in query["sql"]


def test_the_order_list_says_how_many_at_least_and_still_pages(admin_client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for i in range(5):
        factories.order(f"L{i}")
    listing = admin_client.get(reverse("admin:orders_order_changelist"))
    assert "3+ orders" in listing.text
    assert [o.number for o in listing.context["cl"].result_list] == [f"L{i}" for i in (4, 3, 2, 1, 0)]
    few = admin_client.get(reverse("admin:orders_order_changelist") + "?q=L1")
    assert "1 order" in few.text and "+ order" not in few.text


def test_dashboard_figures_stop_counting_at_the_cap(admin_client, monkeypatch):
    monkeypatch.setattr("orders.selectors.DASHBOARD_CAP", 2)
    for i in range(3):
        factories.order(f"D{i}")
    page = admin_client.get(reverse("admin:index")).text
    assert '<span class="count">2+</span> <span class="label">ready to submit</span>' in page


@pytest.mark.django_db
def test_within_counts_shared_the_same_count_runs_once_and_another_still_runs():
    Product.objects.bulk_create([Product(model=f"M{n}", stock_quantity=n) for n in range(5)])
    with CaptureQueriesContext(connection) as queries, counts_shared():
        first = capped_count(Product.objects.filter(stock_quantity__gte=2), 100)
        again = capped_count(Product.objects.filter(stock_quantity__gte=2).order_by("model"), 100)
        other = capped_count(Product.objects.filter(stock_quantity__gte=3), 100)
        nothing = capped_count(Product.objects.none(), 100)
    assert (first, again, other, nothing) == (3, 3, 2, 0)
    assert len(queries) == 2
    with CaptureQueriesContext(connection) as outside:
        capped_count(Product.objects.filter(stock_quantity__gte=2), 100)
    assert len(outside) == 1  # nothing is kept once the block ends
