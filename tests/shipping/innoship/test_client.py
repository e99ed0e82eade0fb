"""The Innoship client against stubbed HTTP: typed results, error shapes and casings, what is retried."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import requests
import responses

from backoffice.errors import (
    PartnerAuthError,
    PartnerIssue,
    PartnerOutcomeUnknown,
    PartnerResponseError,
    PartnerUnavailable,
    PartnerValidationError,
)
from backoffice.models import PartnerExchange
from shipping.innoship.client import InnoshipClient, parse_errors
from shipping.innoship.remote import Price
from shipping.innoship.replies import field_path

pytestmark = pytest.mark.django_db
BASE = "https://innoship.test"

PASCAL_BOOKING = {
    "ClientOrderId": "1|905230966", "CourierShipmentId": "905230966", "Courier": 1,
    "CourierParcelsBarcodes": [{"SequenceNo": 1, "Barcode": "905230966"}, {"SequenceNo": 2, "Barcode": "9052309662"}],
    "Price": {"Amount": 13.13, "VAT": 2.49, "TotalAmount": 15.62, "Currency": "RON"},
    "CalculatedDeliveryDate": "2020-07-27T00:00:00+00:00",
    "TrackPageUrl": "https://track.innoship.io/e40841d3f20849898dab6db12ba01cd4",
}
CAMEL_BOOKING = {
    "clientOrderId": "1|1001152135", "courierShipmentId": "1001152135", "courier": 1,
    "price": {"amount": 8.76, "vat": 1.66, "totalAmount": 10.42, "currency": "RON"},
    "calculatedDeliveryDate": "2022-12-28T22:00:00Z", "trackPageUrl": "https://track.innoship.io/dLMib6fdrUaHLvXSdISG0g",
}


@pytest.fixture
def client(offline):
    return InnoshipClient.from_settings()


@pytest.mark.parametrize(("data", "expected"), [
    ([{"context": "addressTo.phone", "message": "required"}], [PartnerIssue("", "required", "addressTo.phone")]),
    ([{"Context": "AddressTo.Phone", "Message": "required"}], [PartnerIssue("", "required", "addressTo.phone")]),
    ({"errors": [{"message": "Invalid API key", "details": "X-Api-Key"}]},
     [PartnerIssue("", "Invalid API key (X-Api-Key)", "")]),
    ({"Errors": [{"Message": "Unknown courier", "Details": ""}]}, [PartnerIssue("", "Unknown courier", "")]),
    ({"title": "One or more validation errors occurred.",
      "errors": {"AddressTo.Name": ["The Name field is required."]}},
     [PartnerIssue("", "The Name field is required.", "addressTo.name")]),
    ({"Message": "Something broke"}, [PartnerIssue("", "Something broke", "")]),
    ("nonsense", []),
])
def test_errors_parse_in_every_shape_and_casing(data, expected):
    assert parse_errors(data) == expected


def test_an_issue_reads_as_field_then_message():
    [issue] = parse_errors([{"Context": "$.AddressTo.Phone", "Message": "required"}])
    assert str(issue) == "addressTo.phone: required"


@pytest.mark.parametrize(("context", "path"), [
    ("AddressTo.Phone", "addressTo.phone"), ("Order.AddressTo.PostalCode", "addressTo.postalCode"),
    ("content.Parcels[0].Weight", "content.parcels.weight"), ("", ""),
])
def test_field_paths_are_camel_case(context, path):
    assert field_path(context) == path


@responses.activate
def test_a_booking_sends_the_headers_and_reads_pascal_case(client):
    responses.post(f"{BASE}/api/Order", json=PASCAL_BOOKING)
    booking = client.book({"externalOrderId": "A1"})
    request = responses.calls[0].request
    assert request.headers["X-Api-Key"] == "unit-test-key" and request.headers["api-version"] == "1.0"
    assert json.loads(request.body) == {"externalOrderId": "A1"}
    assert (booking.awb, booking.courier_id, booking.courier_name) == ("905230966", 1, "Cargus")
    assert booking.client_order_id == "1|905230966"
    assert booking.price == Price(Decimal("13.13"), Decimal("2.49"), Decimal("15.62"), "RON")
    assert booking.delivery_date == date(2020, 7, 27)
    assert booking.barcodes == ("905230966", "9052309662")
    assert "unit-test-key" not in PartnerExchange.objects.get().request_body + PartnerExchange.objects.get().url


@responses.activate
def test_a_booking_reads_camel_case_and_dates_in_innoship_time(client):
    responses.post(f"{BASE}/api/Order", json=CAMEL_BOOKING)
    booking = client.book({})
    assert booking.price.total == Decimal("10.42")
    assert booking.delivery_date == date(2022, 12, 29)  # 22:00 UTC is the next day in Bucharest
    assert booking.barcodes == ()


@responses.activate
def test_a_refused_booking_names_the_fields(client):
    responses.post(f"{BASE}/api/Order", status=400, json=[
        {"Context": "AddressTo.Phone", "Message": "The Phone field is required."},
        {"Context": "AddressTo.PostalCode", "Message": "Either CountyName or PostalCode is required."},
    ])
    with pytest.raises(PartnerValidationError) as refused:
        client.book({})
    assert [str(i) for i in refused.value.issues] == [
        "addressTo.phone: The Phone field is required.",
        "addressTo.postalCode: Either CountyName or PostalCode is required.",
    ]


@responses.activate
def test_a_booking_is_never_retried_and_a_lost_reply_is_unknown(client):
    responses.post(f"{BASE}/api/Order", body=requests.exceptions.ReadTimeout("slow"))
    with pytest.raises(PartnerOutcomeUnknown):
        client.book({})
    assert len(responses.calls) == 1


@pytest.mark.parametrize(("status", "error"), [
    (500, PartnerOutcomeUnknown), (502, PartnerOutcomeUnknown), (503, PartnerUnavailable),
    (429, PartnerUnavailable), (401, PartnerAuthError), (404, PartnerAuthError),
])
@responses.activate
def test_booking_statuses_tell_unknown_from_not_processed(client, status, error):
    responses.post(f"{BASE}/api/Order", status=status, body="")
    with pytest.raises(error):
        client.book({})
    assert len(responses.calls) == 1


@responses.activate
def test_a_booking_reply_without_an_awb_cannot_be_trusted(client):
    responses.post(f"{BASE}/api/Order", json={"ClientOrderId": "1|x"})
    with pytest.raises(PartnerResponseError):
        client.book({})


@responses.activate
def test_validate_returns_the_issues_instead_of_raising(client):
    responses.post(f"{BASE}/api/Order/validate", status=400, json=[{"context": "serviceId", "message": "Unknown"}])
    result = client.validate({})
    assert not result.valid and [str(i) for i in result.issues] == ["serviceId: Unknown"]


@responses.activate
def test_a_label_must_be_a_pdf(client):
    responses.get(f"{BASE}/api/Label/by-courier/1/awb/905", body=b"%PDF-1.4 tiny", content_type="application/pdf")
    label = client.label(1, "905", label_format="A4")
    assert label.content.startswith(b"%PDF-") and label.filename == "label-905-A4.pdf"
    assert "format=A4" in responses.calls[0].request.url and "type=PDF" in responses.calls[0].request.url
    responses.get(f"{BASE}/api/Label/by-courier/1/awb/906", json={"label": "base64…"})
    with pytest.raises(PartnerResponseError, match="instead of a PDF"):
        client.label(1, "906")


@responses.activate
def test_an_unknown_awb_label_is_a_refusal_not_a_configuration_problem(client):
    responses.get(f"{BASE}/api/Label/by-courier/1/awb/907", status=404,
                  json={"errors": [{"message": "AWB not found", "details": "907"}]})
    with pytest.raises(PartnerValidationError, match="AWB not found"):
        client.label(1, "907")


@responses.activate
def test_tracking_batches_200_awbs_and_reads_naive_dates_as_innoship_time(client, settings):
    settings.INNOSHIP_TIME_ZONE = "Europe/Bucharest"

    def reply(request):
        awbs = json.loads(request.body)["awbList"]
        return 200, {}, json.dumps([{
            "courier": 1, "shipmentAwb": awb, "currentStatusId": 100, "trackUrl": "https://t/x",
            "history": [{"clientStatusId": 1, "clientStatusDescription": "New",
                         "eventDate": "2022-11-21T15:49:34.932029", "isFinalStatus": False, "localityName": None},
                        {"ClientStatusId": 100, "ClientStatusDescription": "Delivered",
                         "EventDate": "2022-11-22T10:00:00", "IsFinalStatus": True, "LocalityName": "BUCURESTI"}],
        } for awb in awbs])

    responses.add_callback(responses.POST, f"{BASE}/api/Track/by-awb/with-return", callback=reply)
    found = client.track(1, [str(n) for n in range(450)])
    assert [len(json.loads(c.request.body)["awbList"]) for c in responses.calls] == [200, 200, 50]
    first = found[0]
    assert first.status_id == 100 and [e.status_id for e in first.events] == [1, 100]
    assert first.events[1].occurred_at == datetime(2022, 11, 22, 8, 0, tzinfo=UTC)
    assert first.events[1].final and first.events[1].locality == "BUCURESTI"


@responses.activate
def test_tracking_is_retried_because_it_only_reads(client, monkeypatch):
    monkeypatch.setattr("backoffice.partner_http.PartnerHTTP._sleep", lambda *args: None)
    responses.post(f"{BASE}/api/Track/by-awb/with-return", status=503)
    responses.post(f"{BASE}/api/Track/by-awb/with-return", json=[])
    assert client.track(1, ["1"]) == []
    assert len(responses.calls) == 2


@responses.activate
def test_cancel_and_its_refusal(client):
    responses.delete(f"{BASE}/api/Order/1/awb/905", json={"message": "Order cancelled"})
    assert client.cancel(1, "905").message == "Order cancelled"
    responses.delete(f"{BASE}/api/Order/1/awb/906", status=400,
                     json=[{"context": "awb", "message": "already picked up"}])
    with pytest.raises(PartnerValidationError, match="awb: already picked up"):
        client.cancel(1, "906")


@responses.activate
def test_courier_list_reads_any_casing(client):
    responses.get(f"{BASE}/api/Courier/All", json=[{"CourierId": 1, "Name": "Cargus"},
                                                   {"courierId": 6, "courierDisplayName": "Sameday"}])
    assert [(c.courier_id, c.name) for c in client.couriers()] == [(1, "Cargus"), (6, "Sameday")]


@responses.activate
def test_lookup_keeps_only_the_order_asked_for(client):
    responses.get(f"{BASE}/api/Order", json=[
        {"externalOrderId": "A1", "courierShipmentId": "905", "courier": 1, "currentStatusId": 1},
        {"externalOrderId": "A10", "courierShipmentId": "906", "courier": 1},
    ])
    [booking] = client.bookings_for("A1")
    assert (booking.awb, booking.status_id) == ("905", 1)
    assert "externalOrderId=A1" in responses.calls[0].request.url


@responses.activate
def test_a_lookup_that_cannot_say_which_order_is_no_answer(client):
    responses.get(f"{BASE}/api/Order", json=[{"courierShipmentId": "905", "courier": 1}])
    with pytest.raises(PartnerResponseError):
        client.bookings_for("A1")


@responses.activate
def test_a_missing_lookup_endpoint_is_never_taken_for_no_booking(client):
    responses.get(f"{BASE}/api/Order", status=405, body="")
    with pytest.raises(PartnerAuthError):
        client.bookings_for("A1")


def test_a_booking_reply_keeps_its_extra_services_as_typed_pairs():
    from shipping.innoship.client import parse_booking

    # The doc's example reply (innoship-order-api.txt, "Example Response (Success - HTTP code 200)"): Extra.
    booking = parse_booking({"CourierShipmentId": "905230966", "Courier": 1, "Extra": {
        "BankRepaymentAmount": 32.12, "BankRepaymentCurrency": "RON", "OpenPackage": True, "Odd": {"x": 1}}})
    assert booking.extra == (("BankRepaymentAmount", Decimal("32.12")), ("BankRepaymentCurrency", "RON"),
                             ("OpenPackage", True))
    assert parse_booking({"CourierShipmentId": "9", "Courier": 1, "Extra": [1]}).extra == ()
