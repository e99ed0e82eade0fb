"""The sandbox's InnoCigs stock: one world with the catalogue feed, and set by a control call for benchmarks."""

import pytest

from backoffice.sandbox import state
from suppliers.innocigs.sandbox.products import catalogue
from tests.support import control_headers

from .factories import sandbox_book
from .test_sandbox import dropship, get, rest

STOCK = "/sandbox/innocigs/_control/stock"


@pytest.fixture(autouse=True)
def fresh_sandbox():
    state.reset()
    yield
    state.reset()


def test_stock_set_by_the_control_call_is_what_dropships_take(client):
    big = {"DROPSHIPPING": {"DROPSHIP": dropship("S1", products=(("IC10000L10-TE-3", 500),))}}
    assert rest(client, big).json()["DROPSHIPPING"]["DROPSHIP"]["STATUS"] == "NOK"  # 40 in stock
    response = client.post(STOCK, {"IC10000L10-TE-3": "1000", "NEW-ARTICLE": "7"}, headers=control_headers())
    assert response.status_code == 200 and response.json()["stock"]["NEW-ARTICLE"] == 7
    assert rest(client, big).json()["DROPSHIPPING"]["DROPSHIP"]["STATUS"] == "OK"
    assert sandbox_book()["stock"]["IC10000L10-TE-3"] == 500


def test_a_quantity_that_is_no_number_changes_nothing(client):
    response = client.post(STOCK, {"IC10000L10-TE-3": "lots"}, headers=control_headers())
    assert response.status_code == 400
    assert sandbox_book()["stock"]["IC10000L10-TE-3"] == 40
    assert client.get(STOCK, headers=control_headers()).status_code == 405


def test_every_catalogue_model_can_be_dropshipped_and_what_it_sold_leaves_the_stock_feed(client, settings):
    settings.SANDBOX_CATALOGUE_SIZE = 300
    generated = next(p for p in catalogue(300)[20:] if p.base_stock > 100)  # beyond the reference's examples
    client.post("/sandbox/innocigs/_control/stock_clock", {"frozen": True}, content_type="application/json",
                headers=control_headers())
    before = get(client, f"quantity/{generated.model}")["QUANTITIES"]["PRODUCT"][0]["QUANTITY"]
    assert before > 2

    placed = rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("S2", products=((generated.model, 2),))}})
    assert placed.json()["DROPSHIPPING"]["DROPSHIP"]["STATUS"] == "OK", placed.json()

    after = get(client, f"quantity/{generated.model}")["QUANTITIES"]["PRODUCT"][0]["QUANTITY"]
    assert after == before - 2
    feed = {p["PRODUCTS_MODEL"]: p["QUANTITY"] for p in get(client, "quantity_all")["QUANTITIES"]["PRODUCT"]}
    assert feed[generated.model] == before - 2

    too_many = rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("S3", products=((generated.model, after + 1),))}})
    assert [str(e["CODE"]) for e in too_many.json()["DROPSHIPPING"]["DROPSHIP"]["ERRORS"]] == ["30001"]
    unknown = rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("S4", products=(("NO-SUCH-MODEL", 1),))}})
    assert [str(e["CODE"]) for e in unknown.json()["DROPSHIPPING"]["DROPSHIP"]["ERRORS"]] == ["30003"]
