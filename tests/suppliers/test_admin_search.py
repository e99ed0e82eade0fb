"""The product and snapshot lists find by the start of a model number, the exact EAN or part of the name, and
take their filter choices from the indexes (no DISTINCT over the catalogue)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suppliers.models import Product, StockSnapshot

from .test_admin import make_products

pytestmark = pytest.mark.django_db
PRODUCTS = "/admin/suppliers/product/"
SNAPSHOTS = "/admin/suppliers/stocksnapshot/"


def listed(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def models_listed(client, **params):
    response, _ = listed(client, PRODUCTS, **params)
    return sorted(p.model for p in response.context["cl"].result_list)


def test_search_by_the_start_of_a_model_the_exact_ean_or_part_of_the_name(admin_client):
    make_products(12, snapshots=0)
    Product.objects.create(model="SB050000-6", name="Sahne Kirsche", ean="0426051033333")
    assert models_listed(admin_client, q="M0001") == ["M00010", "M00011"]
    assert models_listed(admin_client, q="sb05") == ["SB050000-6"]  # in capitals too
    assert models_listed(admin_client, q="0000-6") == []  # the start, not any part
    assert models_listed(admin_client, q="0426051033333") == ["SB050000-6"]
    assert models_listed(admin_client, q="042605103333") == []  # an EAN is exact
    assert models_listed(admin_client, q="kirsch") == ["SB050000-6"]
    assert models_listed(admin_client, q="Liquid 11") == ["M00011"]


def test_filter_choices_come_from_the_index_and_filter(admin_client):
    make_products(6, snapshots=0)
    response, sql = listed(admin_client, PRODUCTS, manufacturer="Brand 1")
    assert not [query for query in sql if "DISTINCT" in query.upper()]
    choices = {spec.title: [c["display"] for c in spec.choices(response.context["cl"])]
               for spec in response.context["cl"].filter_specs}
    assert choices["manufacturer"] == ["All", "Brand 0", "Brand 1", "Brand 2"]
    assert choices["category path"] == ["All", "Liquids > Cat 0", "Liquids > Cat 1", "Liquids > Cat 2",
                                        "Liquids > Cat 3"]
    assert sorted(p.manufacturer for p in response.context["cl"].result_list) == ["Brand 1", "Brand 1"]


def test_snapshot_search_by_model_as_typed_or_in_capitals(admin_client):
    products = make_products(2, snapshots=2)
    response, _ = listed(admin_client, SNAPSHOTS, q="m00001")
    assert {s.product_id for s in response.context["cl"].result_list} == {products[1].pk}
    assert StockSnapshot.objects.count() == 4
