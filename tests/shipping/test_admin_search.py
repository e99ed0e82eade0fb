"""The shipment list finds by tracking code or the start of the order number, and takes its partner and carrier
choices from the indexes (no DISTINCT over the shipments)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.orders import factories

pytestmark = pytest.mark.django_db
SHIPMENTS = "/admin/shipping/shipment/"


def listed(client, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SHIPMENTS, params)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def codes(client, **params):
    return sorted(s.tracking_code for s in listed(client, **params)[0].context["cl"].result_list)


def test_search_by_tracking_code_or_the_start_of_the_order_number(admin_client):
    factories.shipment(factories.order("Z999-99991"), "00340434161094042557")
    factories.shipment(factories.order("A1001"), "JJD0001", carrier="GLS")
    assert codes(admin_client, q="z999") == ["00340434161094042557"]
    assert codes(admin_client, q="jjd0001") == ["JJD0001"]
    assert codes(admin_client, q="JJD000") == []  # a tracking code is exact
    assert codes(admin_client, q="99991") == []


def test_partner_and_carrier_choices_without_distinct(admin_client):
    factories.shipment(factories.order("A1"), "C1", carrier="DHL")
    factories.shipment(factories.order("A2", route="innoship"), "C2", carrier="GLS")
    response, sql = listed(admin_client, carrier="GLS")
    assert not [query for query in sql if "DISTINCT" in query.upper()]
    choices = {spec.title: [c["display"] for c in spec.choices(response.context["cl"])]
               for spec in response.context["cl"].filter_specs}
    assert choices["carrier"] == ["All", "DHL", "GLS"]
    assert choices["partner"] == ["All", "InnoCigs", "Innoship"]  # the partners' names, not their keys
    assert [s.tracking_code for s in response.context["cl"].result_list] == ["C2"]
