"""The sandbox catalogue's control calls the matrix relies on: the stock clock held still or moved on at will,
and a new revision of prices and products. Untouched, the clock runs on each stock call and the revision is 0."""

import pytest

from backoffice.sandbox import credentials, state
from tests.support import control_headers

pytestmark = pytest.mark.django_db
BASE = "/sandbox/innocigs"
AUTH = {"Auth": f"{credentials.INNOCIGS_CID}:{credentials.INNOCIGS_PASSWORD}"}


@pytest.fixture(autouse=True)
def fresh_sandbox(settings):
    settings.SANDBOX_CATALOGUE_SIZE = 20
    state.reset()
    yield
    state.reset()


def stock(client):
    return {p["PRODUCTS_MODEL"]: p["QUANTITY"]
            for p in client.get(f"{BASE}/restapi/quantity_all", headers=AUTH).json()["QUANTITIES"]["PRODUCT"]}


def prices(client):
    return client.get(f"{BASE}/restapi/prices", headers=AUTH).json()["PRICES"]["PRODUCT"]


def clock(client, **data):
    return client.post(f"{BASE}/_control/stock_clock", data, content_type="application/json",
                       headers=control_headers()).json()


def test_the_stock_clock_can_be_frozen_moved_on_and_restarted(client):
    first = stock(client)
    assert clock(client, frozen=True) == {"tick": 1, "frozen": True}
    assert stock(client) == stock(client) == first
    assert clock(client, advance=20) == {"tick": 21, "frozen": True}
    moved = stock(client)
    assert moved != first and stock(client) == moved
    assert clock(client, frozen=False) == {"tick": 21, "frozen": False}
    stock(client)
    assert clock(client) == {"tick": 22, "frozen": False}


def test_a_new_revision_changes_some_prices(client):
    before = prices(client)
    assert prices(client) == before  # revision 0 until told otherwise
    assert client.post(f"{BASE}/_control/revision", headers=control_headers()).json() == {"revision": 1}
    after = prices(client)
    changed = [new["PRODUCTS_MODEL"] for old, new in zip(before, after, strict=True) if old != new]
    assert changed == ["12M100L10-BG-0"]  # one product in twenty
    assert after[0]["PRODUCTS_PRICE"] == "7,59"


def test_the_control_calls_refuse_gets_and_bad_input(client):
    assert client.get(f"{BASE}/_control/revision", headers=control_headers()).status_code == 405
    assert client.get(f"{BASE}/_control/stock_clock", headers=control_headers()).status_code == 405
    bad = client.post(f"{BASE}/_control/stock_clock", {"advance": -1}, content_type="application/json",
                      headers=control_headers())
    assert bad.status_code == 400
