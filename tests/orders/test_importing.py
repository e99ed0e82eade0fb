"""Importing orders: strict checks naming order, field and reason; each order whole or not at all; idempotent."""

import copy
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError

from orders.models import Address, Order, OrderEvent, OrderLine
from orders.services.import_files import source_from_file
from orders.services.importing import orders_import, orders_import_source, problem_words
from shipping.innoship.models import CourierOptions, options_for
from tests.orders import factories

BASE = {
    "number": "A1001", "placed_at": "2026-11-20", "route": "innocigs", "currency": "EUR", "payment_type": "paypal",
    "shipping_cost": "4.90", "cash_on_delivery": "0.00", "email": "jane@example.com", "phone": "+49 40 123456",
    "birthday": "1989-06-23",
    "shipping_address": {"company": "", "first_name": "Jane", "last_name": "Doe", "street": "Teststr.",
                         "house_number": "23", "address_line2": "", "postcode": "22761", "city": "Hamburg",
                         "county": "", "country": "DE"},
    "lines": [{"sku": "IC10000L10-TE-3", "name": "Liquid", "quantity": 2, "unit_price": "12.50", "vat_rate": "19",
               "weight_grams": 120},
              {"sku": "OTHER-1", "name": "Coil", "quantity": 1, "unit_price": "3.00", "vat_rate": "19"}],
    "zonos_order_id": "999-99991",
}


def order_data(number="A1001", **changes):
    data = copy.deepcopy(BASE)
    data["number"] = number
    data.update(changes)
    return data


def run(*orders, dry_run=False):
    return orders_import(payload={"orders": list(orders)}, actor="user:alice", dry_run=dry_run)


@pytest.mark.django_db
def test_an_order_is_created_whole_with_lines_linked_to_known_products():
    product = factories.product("IC10000L10-TE-3")
    report = run(order_data())
    assert [r.outcome for r in report.results] == ["created"] and report.ok
    order = Order.objects.get(number="A1001")
    assert order.billing_address is None and order.invoice_address == order.shipping_address
    assert (order.shipping_address.street, order.shipping_address.house_number) == ("Teststr.", "23")
    assert order.shipping_cost == Decimal("4.90") and order.birthday == date(1989, 6, 23)
    assert [(line.sku, line.quantity, line.unit_price, line.product_id) for line in order.lines.all()] == [
        ("IC10000L10-TE-3", 2, Decimal("12.50"), product.pk), ("OTHER-1", 1, Decimal("3.00"), None)]
    assert list(order.events.values_list("to_state", "actor", "note")) == [("ready", "user:alice", "imported")]
    assert report.results[0].order_id == order.pk


@pytest.mark.django_db
def test_importing_the_same_orders_again_changes_nothing_and_says_so():
    first = run(order_data("A1001"), order_data("A1002", billing_address=None))
    assert len(first.created) == 2
    before = list(Order.objects.order_by("pk").values_list("pk", "updated_at"))
    counts = (Address.objects.count(), OrderLine.objects.count(), OrderEvent.objects.count())
    again = run(order_data("A1001"), order_data("A1002"))
    assert [r.outcome for r in again.results] == ["unchanged", "unchanged"] and again.ok
    assert "nothing to do, every order is already here" in again.summary()
    assert list(Order.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert (Address.objects.count(), OrderLine.objects.count(), OrderEvent.objects.count()) == counts


@pytest.mark.django_db
def test_a_billing_address_equal_to_the_shipping_address_is_the_same_content():
    run(order_data())
    again = run(order_data(billing_address=copy.deepcopy(BASE["shipping_address"])))
    assert again.results[0].outcome == "unchanged"


@pytest.mark.django_db
def test_same_number_with_other_content_is_a_conflict_and_never_overwrites():
    run(order_data())
    changed = order_data(email="other@example.com")
    changed["lines"][1]["quantity"] = 3
    report = run(changed)
    [result] = report.results
    assert result.outcome == "conflict" and not report.ok
    assert "in Email, Quantity (line 2);" in result.messages()[0]
    assert "was kept" in result.messages()[0]
    order = Order.objects.get(number="A1001")
    assert order.email == "jane@example.com" and order.lines.last().quantity == 1


@pytest.mark.django_db
def test_a_bad_order_is_reported_by_number_field_and_reason_and_the_others_still_import():
    bad = order_data("A1002")
    bad["lines"][1]["quantity"] = 0
    report = run(order_data("A1001"), bad, order_data("A1003"))
    assert [r.outcome for r in report.results] == ["created", "error", "created"]
    assert report.errors[0].messages() == ["A1002 Quantity (line 2): must be a positive whole number"]
    assert set(Order.objects.values_list("number", flat=True)) == {"A1001", "A1003"}
    assert Address.objects.count() == 2  # nothing of A1002 was written
    assert report.summary() == "2 created, 0 unchanged, 0 conflicting, 1 invalid"


@pytest.mark.django_db
def test_every_problem_of_an_order_is_reported_at_once():
    bad = order_data(route="dhl", email="nope")
    del bad["shipping_address"]["city"]
    report = run(bad)
    assert report.errors[0].messages() == [
        "A1001 Route: must be one of: innocigs, innoship, meineinkauf",
        "A1001 Email: is not a valid email address",
        "A1001 City (shipping address): required",
    ]


def _set(path, value):
    def change(data):
        target, *rest = path.split(".")
        node = data
        keys = [target, *rest]
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        last = keys[-1]
        if value is KeyError:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
        return data

    return change


@pytest.mark.parametrize(("change", "message"), [
    (_set("lines.1.quantity", -2), "Quantity (line 2): must be a positive whole number"),
    (_set("lines.0.quantity", "2.5"), "Quantity (line 1): must be a positive whole number"),
    (_set("lines.0.quantity", True), "Quantity (line 1): must be a positive whole number"),
    (_set("lines.0.quantity", Decimal("2.0")), "Quantity (line 1): must be a positive whole number"),
    (_set("lines.0.quantity", 3_000_000_000), "Quantity (line 1): must be at most 2147483647"),
    (_set("shipping_address.country", "Germany"),
     "Country (shipping address): must be an ISO 3166-1 alpha-2 country code, e.g. DE, AT, CH"),
    (_set("shipping_address.country", "XX"),
     "Country (shipping address): must be an ISO 3166-1 alpha-2 country code, e.g. DE, AT, CH"),
    (_set("placed_at", "20.11.2026"), "Order date: must be a date like 2026-11-20"),
    (_set("placed_at", "2026-02-30"), "Order date: is not a calendar date (2026-02-30)"),
    (_set("placed_at", "2026-11-20T10:00:00"), "Order date: must be a date like 2026-11-20"),
    (_set("birthday", (date.today() + timedelta(days=2)).isoformat()), "Date of birth: must not be after"),
    (_set("lines.0.unit_price", 0.1 + 0.2), "Unit price (line 1): must have at most 2 decimal places "
                                            "(got 0.30000000000000004)"),
    (_set("lines.0.unit_price", "12,50"), "Unit price (line 1): must be a number like 12.50 (with a dot, not a comma)"),
    (_set("lines.0.unit_price", "12.555"), "Unit price (line 1): must have at most 2 decimal places (got 12.555)"),
    (_set("lines.0.unit_price", "1e3"), "Unit price (line 1): must be a number like 12.50"),
    (_set("lines.0.unit_price", "NaN"), "Unit price (line 1): must be a number like 12.50"),
    (_set("lines.0.unit_price", "123456789.00"),
     "Unit price (line 1): is too large (at most 8 digits before the point)"),
    (_set("shipping_cost", "-1.00"), "Shipping cost: must not be negative"),
    (_set("lines.0.vat_rate", "120"), "VAT rate (line 1): must be at most 100"),
    (_set("email", "jane@@example"), "Email: is not a valid email address"),
    (_set("phone", "call me"), "Phone: must be a phone number"),
    (_set("shipping_address.first_name", "J" * 101), "First name (shipping address): must be at most 100 characters "
                                                     "long (has 101)"),
    (_set("shipping_address.city", "Ham\x07burg"),
     "City (shipping address): contains a control character (U+0007) at position 4; remove it"),
    (_set("shipping_address.street", "Teststr.\x00"), "Street (shipping address): contains a control character "
                                                       "(U+0000)"),
    (_set("lines.0.name", "Liquid\nline two"), "Name (line 1): contains a control character (U+000A)"),
    (_set("shipping_address.last_name", KeyError), "Last name (shipping address): required"),
    (_set("shipping_address.last_name", "   "), "Last name (shipping address): required"),
    (_set("shipping_address.postcode", 22761), 'Postcode (shipping address): must be text in quotes, e.g. "22761"'),
    (_set("shipping_address", "Teststr. 23, Hamburg"), "Shipping address: must be an object with the address fields"),
    (_set("lines.0.quantiy", 2), "Quantiy (line 1): unknown field"),
    (_set("lines", []), "Order lines: must hold at least one line"),
    (_set("lines", KeyError), "Order lines: required"),
    (_set("lines.0.ean", "12ab"), "EAN (line 1): must be 8 to 14 digits"),
    (_set("route", "meineinkauf"), "Country (shipping address): must be CH or LI for route meineinkauf"),
    (_set("open_package", "maybe"), "Open package: must be true or false"),
    (_set("currency", "EURO"), "Currency: must be a three-letter ISO 4217 currency code, e.g. EUR"),
])
@pytest.mark.django_db
def test_each_invalid_value_is_refused_with_its_field_and_reason(change, message):
    report = run(change(order_data("A1002")))
    [result] = report.results
    assert result.outcome == "error"
    expected = problem_words(*message.split(": ", 1))  # the field in words: "Quantity (line 2): …"
    assert any(line.startswith(f"A1002 {expected}") for line in result.messages()), result.messages()
    assert not Order.objects.exists() and not Address.objects.exists()


@pytest.mark.django_db
def test_an_order_without_a_usable_number_is_named_by_its_position():
    report = run(order_data("A1001"), {k: v for k, v in order_data().items() if k != "number"}, "not an order",
                 order_data("A" * 65), order_data("A 1001"))
    assert report.results[1].messages() == ["order #2 Order number: required"]
    assert report.results[2].messages() == ["order #3 must be an object with the order's fields"]
    assert report.results[3].messages() == ["order #4 Order number: must be at most 64 characters long (has 65)"]
    assert report.results[4].messages() == [
        "order #5 Order number: may contain only letters, digits and . _ / - and must start with a letter or digit"]


@pytest.mark.django_db
def test_optional_keys_may_be_missing_and_take_the_model_defaults():
    minimal = {"number": "A1", "placed_at": "2026-11-20", "route": "innoship",
               "shipping_address": {"first_name": "J", "last_name": "D", "street": "S", "postcode": "1",
                                    "city": "C", "country": "de"},
               "lines": [{"sku": "X", "quantity": "2", "unit_price": 12.5}]}
    assert run(minimal).ok
    order = Order.objects.get()
    assert (order.currency, order.shipping_cost, order.email, order.birthday, options_for(order).service_id) == (
        "EUR", Decimal("0.00"), "", None, None)
    assert order.shipping_address.country == "DE"
    line = order.lines.get()
    assert (line.quantity, line.unit_price, line.vat_rate, line.weight_grams) == (2, Decimal("12.50"),
                                                                                  Decimal("19.00"), None)
    assert run(minimal).results[0].outcome == "unchanged"


@pytest.mark.django_db
def test_text_arrives_intact_ampersands_quotes_emoji_and_right_to_left():
    name = 'Müller & <Söhne> "Ltd" 🚀 שלום'
    data = order_data()
    data["shipping_address"]["company"] = name
    assert run(data).ok
    assert Order.objects.get().shipping_address.company == name


@pytest.mark.django_db
def test_a_number_twice_in_one_import_is_refused_the_second_time():
    report = run(order_data("A1"), order_data("A1", email="x@example.com"))
    assert [r.outcome for r in report.results] == ["created", "error"]
    assert report.results[1].messages() == [
        "A1 Order number: appears more than once in this import (first as order #1)"]


@pytest.mark.django_db
def test_a_dry_run_checks_everything_and_saves_nothing():
    bad = order_data("A2", placed_at="yesterday")
    report = run(order_data("A1"), bad, dry_run=True)
    assert [r.outcome for r in report.results] == ["created", "error"]
    assert report.summary().endswith("(dry run: nothing was saved)") and "1 would be created" in report.summary()
    assert not Order.objects.exists() and not Address.objects.exists()


@pytest.mark.django_db
def test_a_database_failure_midway_leaves_nothing_of_that_order(monkeypatch):
    real = OrderLine.objects.bulk_create

    def failing(objs, *args, **kwargs):
        objs = list(objs)
        if any(obj.order.number == "A2" for obj in objs):  # the batch's bulk insert, then A2's own
            raise DatabaseError("disk full")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(OrderLine.objects, "bulk_create", failing)
    report = run(order_data("A1"), order_data("A2"), order_data("A3"))
    assert [r.outcome for r in report.results] == ["created", "error", "created"]
    assert report.results[1].messages() == ["A2 could not be saved (DatabaseError); nothing of this order was saved"]
    assert set(Order.objects.values_list("number", flat=True)) == {"A1", "A3"}
    assert Address.objects.count() == 2


@pytest.mark.parametrize(("payload", "error"), [
    ([], 'the import must be an object with an "orders" list'),
    ({"order": []}, 'the import must be an object with an "orders" list'),
    ({"orders": [], "extra": 1}, "unknown top-level field: extra"),
    ({"orders": {}}, '"orders" must be a list of orders'),
    ({"orders": []}, "the import holds no orders"),
])
@pytest.mark.django_db
def test_a_payload_of_the_wrong_shape_imports_nothing(payload, error):
    report = orders_import(payload=payload, actor="user:alice")
    assert report.file_errors[0].startswith(error) and not report.ok
    assert report.summary().startswith("Nothing imported: ")


def read(name, text):
    return source_from_file(name=name, content=text.encode("utf-8") if isinstance(text, str) else text)


@pytest.mark.parametrize(("text", "error"), [
    ('{"orders": [', "not valid JSON: the file ends before the JSON is complete at line 1, column 13"),
    ('{"orders": [{"number": "A1", "number": "A2"}]}', "not valid JSON: the key 'number' appears twice"),
    ('{"orders": [{"shipping_cost": NaN}]}', "not valid JSON: NaN is not a number the import accepts"),
])
def test_broken_json_is_reported_as_a_whole(text, error):
    assert read("orders.json", text).file_errors[0].startswith(error)


def test_a_file_that_is_not_utf8_is_reported():
    assert read("orders.csv", "number\nA1 Müller".encode("latin-1")).file_errors == [
        "the file is not UTF-8 text (invalid byte at position 12)"]


@pytest.mark.django_db
def test_json_numbers_are_read_as_written_never_through_a_float():
    text = json.dumps({"orders": [order_data()]}).replace('"12.50"', "12.50").replace('"4.90"', "4.9")
    report = orders_import_source(source=read("x.json", text), actor="user:alice")
    assert report.ok
    order = Order.objects.get()
    assert order.shipping_cost == Decimal("4.90") and order.lines.first().unit_price == Decimal("12.50")


CSV_HEADER = ("number,placed_at,route,currency,payment_type,shipping_cost,cash_on_delivery,email,phone,birthday,"
              "zonos_order_id,shipping_company,shipping_first_name,shipping_last_name,shipping_street,"
              "shipping_house_number,shipping_address_line2,shipping_postcode,shipping_city,shipping_county,"
              "shipping_country,sku,name,quantity,unit_price,vat_rate,weight_grams")
CSV_ORDER = ("A1001,2026-11-20,innocigs,EUR,paypal,4.90,0.00,jane@example.com,+49 40 123456,1989-06-23,999-99991,,"
             "Jane,Doe,Teststr.,23,,22761,Hamburg,,DE")


def csv_text(*lines, header=CSV_HEADER, order=CSV_ORDER):
    return "\n".join([header, *(f"{order},{line}" for line in lines)]) + "\n"


@pytest.mark.django_db
def test_csv_rows_of_one_order_become_the_same_order_as_its_json():
    text = csv_text("IC10000L10-TE-3,Liquid,2,12.50,19,120", "OTHER-1,Coil,1,3.00,19,")
    report = orders_import_source(source=read("orders.csv", text), actor="user:alice")
    assert report.ok and len(report.created) == 1
    assert run(order_data()).results[0].outcome == "unchanged"  # the JSON of the same order


@pytest.mark.django_db
def test_csv_with_semicolons_and_a_byte_order_mark_is_read():
    text = csv_text("IC10000L10-TE-3,Liquid,2,12.50,19,120").replace(",", ";")
    report = orders_import_source(source=read("export.txt", "\ufeff" + text), actor="user:alice")
    assert report.ok and Order.objects.get().lines.get().quantity == 2


@pytest.mark.django_db
def test_csv_errors_name_the_order_the_field_and_the_rows():
    text = csv_text("IC10000L10-TE-3,Liquid,2,12.50,19,120", "OTHER-1,Coil,zero,3.00,19,")
    report = orders_import_source(source=read("orders.csv", text), actor="user:alice")
    assert report.errors[0].messages() == ["A1001 (CSV rows 2, 3) Quantity (line 2): must be a positive whole number"]


@pytest.mark.django_db
def test_csv_rows_of_one_order_must_repeat_the_same_order_columns():
    text = csv_text("SKU-1,Liquid,2,12.50,19,120")
    text += CSV_ORDER.replace("Hamburg", "Bremen") + ",SKU-2,Coil,1,3.00,19,\n"
    report = orders_import_source(source=read("orders.csv", text), actor="user:alice")
    assert report.errors[0].messages() == [
        "A1001 (CSV rows 2, 3) Shipping city: CSV rows 2 and 3 of this order disagree; every row must repeat the "
        "order's columns"]
    assert not Order.objects.exists()


@pytest.mark.parametrize(("header", "error"), [
    (CSV_HEADER + ",qty", "unknown CSV column: qty"),
    (CSV_HEADER.replace("quantity,", ""), "missing CSV column: quantity"),
    (CSV_HEADER.replace("name,", "sku,"), "CSV column given twice: sku"),
])
def test_csv_headers_are_checked_before_any_row(header, error):
    assert error in read("orders.csv", header + "\n").file_errors


def test_a_csv_with_only_a_header_holds_no_orders():
    assert read("orders.csv", CSV_HEADER + "\n").file_errors == ["the CSV file holds no rows"]


@pytest.mark.django_db
def test_a_csv_row_with_more_cells_than_the_header_is_an_error_of_its_order():
    text = csv_text("SKU-1,Liquid,2,12.50,19,120,surplus")
    report = orders_import_source(source=read("orders.csv", text), actor="user:alice")
    assert report.errors[0].messages() == ["A1001 (CSV row 2) CSV row 2 has 28 cells, the header 27"]


@pytest.mark.django_db
def test_the_demo_orders_import_once_and_hold_every_route():
    from orders.demo import load_demo_orders

    assert load_demo_orders() == "Demo orders: 13 created, 0 unchanged, 0 conflicting, 0 invalid"
    assert load_demo_orders().endswith("nothing to do, every order is already here")
    routes = dict(Order.objects.values_list("number", "route"))
    assert set(routes.values()) == {"innocigs", "innoship", "meineinkauf"}
    assert {o.shipping_address.country for o in Order.objects.filter(route="meineinkauf")} == {"CH", "LI"}
    # One sandbox world: a demo locker delivery names a locker the Innoship emulation has.
    from shipping.innoship.sandbox.rules import FIXED_LOCATIONS

    lockers = set(CourierOptions.objects.exclude(fixed_location_id="").values_list("fixed_location_id", flat=True))
    assert lockers and lockers <= set(FIXED_LOCATIONS)


def test_every_key_of_the_import_format_is_a_model_field():
    from orders.services.import_format import ADDRESS_KEYS, LINE_KEYS, ORDER_KEYS

    assert set(ORDER_KEYS) <= {f.name for f in Order._meta.fields}
    assert set(ADDRESS_KEYS) <= {f.name for f in Address._meta.fields}
    assert set(LINE_KEYS) <= {f.name for f in OrderLine._meta.fields}
