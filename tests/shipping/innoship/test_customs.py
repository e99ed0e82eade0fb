"""A shipment leaving the EU carries the invoice, the articles and the declared value; the sandbox refuses one
without the invoice (doc, Content table: "Yes - for commercial shipment for non - EU")."""

import json
from decimal import Decimal

import pytest

from backoffice.errors import PartnerIssue, PartnerValidationError
from backoffice.models import PartnerExchange
from backoffice.sandbox import state
from orders.adapters import Problem, adapter_for
from orders.models import OrderLine, Submission
from orders.services.submissions import orders_submit
from shipping.innoship.client import InnoshipClient
from shipping.innoship.request import booking_problems, booking_request, preview_rows

from .conftest import make_order


@pytest.fixture(autouse=True)
def shop(settings):
    settings.INNOSHIP_LOCATION = "hamburg-1"


SWISS = {"street": "Bahnhofstrasse", "house_number": "1", "postcode": "8001", "city": "Zürich", "country": "CH"}


def swiss_order(number, *, origins=("DE", "CN"), hs_codes=("2404120000", ""), **fields):
    order = make_order(number, address=SWISS, discount=Decimal("2.00"), shipping_cost=Decimal("5.90"), **fields)
    for line, origin, hs_code in zip(order.lines.all(), origins, hs_codes, strict=True):
        OrderLine.objects.filter(pk=line.pk).update(country_of_origin=origin, hs_code=hs_code)
    order.refresh_from_db()
    return order


@pytest.mark.django_db
def test_an_eu_shipment_carries_no_customs_data():
    payload = booking_request(make_order("C1001", address={"country": "AT"}))
    assert not {"invoiceNumber", "articles"} & set(payload["content"]) and "extra" not in payload


@pytest.mark.django_db
def test_a_shipment_outside_the_eu_carries_invoice_articles_and_declared_value():
    payload = booking_request(swiss_order("C1002"))
    content, extra = payload["content"], payload["extra"]
    # Lines: 2 × 9.90 + 2 × 9.90 = 39.60; less the 2.00 discount = 37.60 for the goods; plus 5.90 shipping = 43.50.
    assert {k: content[k] for k in ("invoiceNumber", "invoiceDate", "invoiceValue", "invoiceValueCurrency")} == {
        "invoiceNumber": "C1002", "invoiceDate": "2026-11-20", "invoiceValue": 43.5, "invoiceValueCurrency": "EUR"}
    assert extra == {"declaredValueAmount": 37.6, "declaredValueAmountCurrency": "EUR"}
    assert content["articles"] == [
        {"quantity": 2, "description": "Liquid 0", "countryOfOrigin": "DE", "weightNet": 0.24, "weightGross": 0.24,
         "pricePerPieceAmount": 9.9, "pricePerPieceAmountCurrency": "EUR", "sku": "SKU-0", "tariff": "2404120000"},
        {"quantity": 2, "description": "Liquid 1", "countryOfOrigin": "CN", "weightNet": 0.6, "weightGross": 0.6,
         "pricePerPieceAmount": 9.9, "pricePerPieceAmountCurrency": "EUR", "sku": "SKU-1"},  # no HS code: no Tariff
    ]


@pytest.mark.django_db
def test_the_confirmation_page_shows_the_customs_data():
    rows = dict(preview_rows(swiss_order("C1003")))
    assert rows["Customs (outside the EU)"] == (
        "invoice C1003 of 2026-11-20, 43.50 EUR; declared value of the goods 37.60 EUR; articles: "
        "2x Liquid 0 (9.90 EUR each, 0.24 kg, origin DE, HS 2404120000); 2x Liquid 1 (9.90 EUR each, 0.6 kg, "
        "origin CN)")
    assert "Customs (outside the EU)" not in dict(preview_rows(make_order("C1004")))


@pytest.mark.django_db
def test_a_line_without_country_of_origin_holds_the_order_here():
    problems = booking_problems(swiss_order("C1005", origins=("DE", "")))
    assert problems == [Problem("lines.country_of_origin",
                                "order C1005 goes to CH, outside the EU: the customs declaration needs the country "
                                "of origin of Liquid 1; enter it on the order line, then book again")]


@pytest.mark.django_db
def test_an_order_number_too_long_for_an_invoice_number_is_held():
    [problem] = booking_problems(swiss_order("C" * 33))
    assert problem.field == "number" and "at most 32 characters" in problem.message


def test_the_sandbox_books_a_swiss_shipment_with_its_invoice(innoship):
    order = swiss_order("C1006")
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == Submission.State.ACCEPTED, result.message
    assert json.loads(state.received("innoship", "book")[0].body)["content"]["invoiceNumber"] == "C1006"


@pytest.mark.parametrize("casing", [str, lambda key: key[:1].upper() + key[1:]])
def test_the_sandbox_refuses_a_shipment_outside_the_eu_without_invoice(innoship, casing):
    payload = booking_request(swiss_order("C1007"))
    for key in ("invoiceNumber", "invoiceDate", "invoiceValue", "invoiceValueCurrency"):
        del payload["content"][key]
    payload["content"] = {casing(k): v for k, v in payload["content"].items()}
    with pytest.raises(PartnerValidationError) as refused:
        InnoshipClient.from_settings().book(payload)
    assert [(i.field, i.message) for i in refused.value.issues] == [
        ("content.invoiceNumber", "The InvoiceNumber field is required."),
        ("content.invoiceDate", "The InvoiceDate field is required."),
        ("content.invoiceValue", "The InvoiceValue field must be a positive number."),
        ("content.invoiceValueCurrency", "The InvoiceValueCurrency field is required."),
    ]
    assert innoship.bookings() == []
    # The doc's error reply: a list of {context, message} (the booking answers in PascalCase).
    reply = json.loads(PartnerExchange.objects.get(operation="book").response_body)
    assert reply[0] == {"Context": "Content.InvoiceNumber", "Message": "The InvoiceNumber field is required."}


def test_a_refused_invoice_field_is_explained_in_the_shop_terms():
    reason, step = adapter_for("innoship").explain(PartnerIssue("", "The InvoiceNumber field is required.",
                                                                "content.invoiceNumber"))
    assert "the invoice number (the order number)" in reason and "number" in step
