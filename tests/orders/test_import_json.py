"""A JSON import is read in two streaming passes (orders/services/import_json.py): the first checks the file as a
whole and stops a broken one before any order, naming where it breaks; the second gives one order at a time, so
pulling the first order reads only the start of the file."""

import json
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command

from orders.models import Order
from orders.services import import_json
from orders.services.import_files import source_from_file, source_from_opener, source_from_path
from orders.services.importing import orders_import, orders_import_source
from tests.orders.test_import_streaming import TrackedFile
from tests.orders.test_importing import order_data


def json_text(*orders, indent=None):
    return json.dumps({"orders": list(orders)}, indent=indent)


def good_then(broken, count=3):
    """A pretty-printed file of `count` good orders, with `broken` put in place of the last order's "route"."""
    text = json_text(*(order_data(f"A{n}") for n in range(count)), indent=1)
    at = text.rindex('"route": "innocigs"')
    return text[:at] + broken + text[at + len('"route": "innocigs"'):]


def line_of(text, part):
    return text[: text.index(part)].count("\n") + 1


def import_file(text, name="orders.json"):
    content = text.encode() if isinstance(text, str) else text
    return orders_import_source(source=source_from_file(name=name, content=content), actor="user:alice")


@pytest.mark.django_db
@pytest.mark.parametrize(("broken", "error"), [
    ('"route": "innocigs", "number": "A9"', "not valid JSON: the key 'number' appears twice in one object"),
    ('"route": NaN', "not valid JSON: NaN is not a number the import accepts"),
    ('"route": -Infinity', "not valid JSON: -Infinity is not a number the import accepts"),
    ('"route": "innocigs",, ', "not valid JSON: "),
    ('"route": "innocigs"}]} {', "not valid JSON: trailing garbage"),
    ('"route": ' + "[" * 200, "not valid JSON: nested deeper than any order file is"),
])
def test_a_file_broken_after_good_orders_is_refused_before_any_order_naming_the_line(broken, error):
    text = good_then(broken)
    report = import_file(text)
    [message] = report.file_errors
    assert message.startswith(error) and f" at line {line_of(text, broken)}, column " in message, message
    assert not report.results and not Order.objects.exists()
    assert report.summary().startswith("Nothing imported: ")


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "error"), [
    (json_text(order_data())[:-40], "not valid JSON: the file ends before the JSON is complete at line 1, column "),
    ('{"orders": {"number": "A1"}}', '"orders" must be a list of orders'),
    ('{"orders": []}', "the import holds no orders"),
    ('{"orders": [{"number": "A1"}], "sent_at": "2026-11-20"}', "unknown top-level field: sent_at"),
    ('[{"orders": []}]', 'the import must be an object with an "orders" list'),
    ('{"orders": [{"number": "A1"}], "orders": []}', "not valid JSON: the key 'orders' appears twice"),
])
def test_a_file_of_the_wrong_shape_is_refused_before_any_order(text, error):
    report = import_file(text)
    assert report.file_errors[0].startswith(error), report.file_errors
    assert not report.results and not Order.objects.exists()


def test_the_column_counts_characters_and_the_line_starts_after_a_byte_order_mark():
    text = '{"orders": [\n  {"city": "Müßen", "shipping_cost": NaN}]}'
    content = b"\xef\xbb\xbf" + text.encode()
    assert source_from_file(name="orders.json", content=content).file_errors == [
        "not valid JSON: NaN is not a number the import accepts at line 2, column 38"]


def test_a_syntax_error_far_into_the_file_is_named_by_its_line():
    text = good_then('"route": tru', count=400)  # about 280 KB: the error lies in a later chunk than the first
    assert len(text.encode()) > 4 * import_json.CHUNK
    [message] = source_from_file(name="orders.json", content=text.encode()).file_errors
    # the parser stops at the comma after it
    assert message.startswith("not valid JSON: ") and f"at line {line_of(text, 'tru')}, column 16" in message


@pytest.mark.django_db
def test_a_good_file_imports_as_the_payload_it_holds():
    orders = [order_data("A1"), order_data("A2", billing_address={**order_data()["shipping_address"], "city": "Kiel"})]
    from_file = import_file(json_text(*orders, indent=2))
    assert from_file.ok and from_file.counts["created"] == 2
    stored = list(Order.objects.order_by("number").values_list("number", "shipping_cost", "billing_address__city"))
    assert stored == [("A1", Decimal("4.90"), None), ("A2", Decimal("4.90"), "Kiel")]
    again = orders_import(payload={"orders": orders}, actor="user:alice")
    assert [result.outcome for result in again.results] == ["unchanged", "unchanged"]


def test_the_orders_read_are_what_json_loads_reads_with_numbers_as_written():
    text = json_text(order_data("A1"), order_data("A2")).replace('"12.50"', "12.50").replace('"4.90"', "4.9E0")
    text = text.replace('"quantity": 2', '"quantity": 2, "note": "Grüße \\u00e4 \\ud83d\\ude00"')
    source = source_from_file(name="orders.json", content=text.encode())
    assert source.count == 2 and not source.file_errors
    read = [order.raw for order in source.orders()]
    assert read == json.loads(text, parse_float=Decimal)["orders"]
    unit_price = read[0]["lines"][0]["unit_price"]
    assert isinstance(unit_price, Decimal) and str(unit_price) == "12.50"
    assert read[0]["shipping_cost"].as_tuple() == Decimal("4.9E0").as_tuple()
    assert read[1]["lines"][0]["quantity"] == 2 and type(read[1]["lines"][0]["quantity"]) is int
    assert read[0]["lines"][0]["note"] == "Grüße ä 😀"


@pytest.mark.parametrize(("escape", "backend"), [
    ("\\ud800", import_json.EXACT), ("\\udc00x", import_json.EXACT), ("\\ud800\\ud800", import_json.EXACT),
    ("\\\\ud800\\udc00", import_json.EXACT),  # an escaped backslash, then "ud800" and a lone low surrogate
    ("\\ud83d\\ude00", import_json.FAST),  # a pair: an emoji
])
def test_a_lone_surrogate_is_read_as_json_loads_reads_it_for_the_checks_to_refuse(escape, backend):
    text = json_text(order_data()).replace('"Jane"', f'"Jane{escape}"')
    assert import_json.check_json(lambda: BytesIO(text.encode())).backend == backend
    [order] = source_from_file(name="orders.json", content=text.encode()).orders()
    assert order.raw["shipping_address"]["first_name"] == json.loads(text)["orders"][0]["shipping_address"][
        "first_name"]


def test_a_whole_number_longer_than_python_reads_is_refused_as_a_whole():
    text = '{"orders": [{"quantity": ' + "9" * 5000 + "}]}"
    [message] = source_from_file(name="orders.json", content=text.encode()).file_errors
    assert message.startswith("not valid JSON: ") and "at line 1, column " in message


def test_pulling_the_first_order_reads_only_the_start_of_the_file():
    content = json_text(*(order_data(f"A{n:05d}") for n in range(3000))).encode()  # about 2 MB
    opened = []
    source = source_from_opener(name="orders.json", open_binary=lambda: TrackedFile(content, opened))
    assert source.count == 3000 and not source.file_errors  # the first read went through the whole file
    assert all(file.furthest == len(content) for file in opened)
    orders = source.orders()
    assert next(orders).raw["number"] == "A00000"
    assert opened[-1].furthest < len(content) // 10  # the second read is at its start
    assert next(orders).raw["number"] == "A00001" and sum(1 for _ in orders) == 2998


@pytest.mark.django_db
def test_the_command_imports_a_json_file_from_disk(tmp_path):
    path = tmp_path / "orders.json"
    path.write_text(json_text(*(order_data(f"A{n}") for n in range(3))), encoding="utf-8")
    assert source_from_path(path).count == 3
    out = StringIO()
    call_command("import_orders", str(path), stdout=out, stderr=StringIO())
    assert "3 created" in out.getvalue() and Order.objects.count() == 3


def test_long_runs_of_digits_in_text_are_read_by_the_c_parser_and_a_longer_one_by_the_python_parser():
    short = json_text(order_data(note="1" * 4300, other="2" * 4300))
    check = import_json.check_json(lambda: BytesIO(short.encode()))
    assert (check.errors, check.count, check.backend) == ([], 1, import_json.FAST)
    # a run cut in two by the chunks (the 4,300 bytes of one chunk are searched again with the next)
    long = json_text(order_data(note="x" * (import_json.CHUNK - 2000) + "3" * 4301))
    check = import_json.check_json(lambda: BytesIO(long.encode()))
    assert (check.errors, check.count, check.backend) == ([], 1, import_json.EXACT)
    [order] = import_json.json_orders(lambda: BytesIO(long.encode()), check.backend)
    assert order["note"].endswith("3" * 4301)
