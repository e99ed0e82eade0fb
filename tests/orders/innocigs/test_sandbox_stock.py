"""The sandbox's InnoCigs stock can be set, so a benchmark can place thousands of dropships."""

import pytest

from backoffice.sandbox import state
from tests.support import control_headers

from .factories import sandbox_book
from .test_sandbox import dropship, rest

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
