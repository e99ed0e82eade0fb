"""An order heavier than INNOSHIP_MAX_PARCEL_KG goes as several parcels, each with its weight and size."""

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.errors import PartnerValidationError
from backoffice.sandbox import state
from orders.models import Submission
from orders.services.submissions import orders_submit
from shipping.innoship.client import InnoshipClient
from shipping.innoship.parcels import parcel_weights
from shipping.innoship.request import booking_request, preview_rows

from .conftest import make_order


@pytest.fixture
def ten_kg(settings):
    settings.INNOSHIP_MAX_PARCEL_KG = 10.0
    settings.INNOSHIP_PARCEL_SIZE_CM = "40x30x20"


def test_the_weight_is_split_evenly_to_the_gram(ten_kg):
    assert parcel_weights(Decimal("24.500")) == [Decimal("8.167"), Decimal("8.167"), Decimal("8.166")]
    assert parcel_weights(Decimal("10.000")) == [Decimal("10.000")]
    assert parcel_weights(Decimal("10.001")) == [Decimal("5.001"), Decimal("5.000")]


@given(grams=st.integers(min_value=1, max_value=500_000), limit=st.sampled_from([0.5, 1.0, 9.999, 10.0, 31.5]))
def test_no_parcel_is_heavier_than_the_limit_and_none_is_lost(grams, limit):
    from django.test import override_settings

    total = Decimal(grams) / 1000
    with override_settings(INNOSHIP_MAX_PARCEL_KG=limit):
        weights = parcel_weights(total)
    assert sum(weights) == total and max(weights) <= Decimal(str(limit))
    assert len(weights) == max(-(-grams // int(Decimal(str(limit)) * 1000)), 1)  # no more parcels than needed


@pytest.mark.django_db
def test_one_parcel_goes_without_a_parcels_list(ten_kg):
    content = booking_request(make_order("K1001", weights=(1000,)))["content"]  # 2 × 1 kg
    assert content["parcelsCount"] == 1 and "parcels" not in content


@pytest.mark.django_db
def test_a_heavy_order_lists_each_parcel_as_the_doc_asks(ten_kg):
    order = make_order("K1002", weights=(6000, 6250))  # 2 × 6 kg + 2 × 6.25 kg = 24.5 kg
    content = booking_request(order)["content"]
    assert (content["parcelsCount"], content["totalWeight"]) == (3, 24.5)
    assert content["parcels"] == [
        {"sequenceNo": n, "size": {"width": 30, "height": 20, "length": 40}, "weight": weight, "type": "parcel",
         "reference1": f"Order K1002, parcel {n} of 3"}
        for n, weight in ((1, 8.167), (2, 8.167), (3, 8.166))
    ]
    assert dict(preview_rows(order))["Parcels"] == (
        "3 parcels of at most 10 kg (8.167 kg, 8.167 kg, 8.166 kg), each 40x30x20 cm")


def test_the_sandbox_books_the_parcels_with_a_barcode_each(innoship, ten_kg):
    order = make_order("K1003", weights=(6000, 6250))
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == Submission.State.ACCEPTED, result.message
    assert json.loads(state.received("innoship", "book")[0].body)["content"]["parcelsCount"] == 3
    assert order.shipments.get().innoship_booking.parcel_barcodes == ["905230001", "905230001002", "905230001003"]


def refusal(payload):
    try:
        InnoshipClient.from_settings().book(payload)
    except PartnerValidationError as exc:
        return {issue.field: issue.message for issue in exc.issues}
    raise AssertionError("the sandbox booked it")


def test_the_sandbox_refuses_a_count_that_does_not_match_the_list(innoship, ten_kg):
    payload = booking_request(make_order("K1004", weights=(6000, 6250)))
    payload["content"]["parcelsCount"] = 2
    assert refusal(payload) == {"content.parcelsCount": "ParcelsCount is 2 but Parcels lists 3 of type parcel."}
    assert innoship.bookings() == []


def test_the_sandbox_holds_each_parcel_to_the_doc_parcel_table(innoship, ten_kg):
    payload = booking_request(make_order("K1005", weights=(6000, 6250)))
    first, second, third = payload["content"]["parcels"]
    del first["size"]
    second["size"].pop("height")
    second["type"] = "box"
    del third["reference1"]
    assert refusal(payload) == {
        "content.parcels.size": "The Size field is required.",
        "content.parcels.size.height": "The Height field must be a positive number.",
        "content.parcels.type": "Type must be Envelope (1), Parcel (2) or Pallet (3).",
        "content.parcels.reference1": "The Reference1 field is required.",
        "content.parcelsCount": "ParcelsCount is 3 but Parcels lists 2 of type parcel.",  # the box is no parcel
    }
