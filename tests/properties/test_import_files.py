"""Whatever an import file holds, JSON or CSV, the import ends in a report and each order is whole or absent.

(tests/orders/test_import_properties.py drives `orders_import` with payloads already read; this drives the
file reader in front of it, as the command and the admin upload do.)
"""

import copy
import csv
import io
import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backoffice.words import field_words
from orders.models import Address, Order, OrderLine
from orders.services.import_files import csv_columns, source_from_file
from orders.services.importing import orders_import_source
from tests.orders.test_importing import BASE

from .replies import PROPERTY
from .strategies import deep, garbage, json_values, mutated, texts

pytestmark = pytest.mark.django_db


def csv_rows(order):
    """The documented example as CSV rows: the order's columns repeated on each line's row."""
    head = {k: v for k, v in order.items() if k not in ("shipping_address", "billing_address", "lines")}
    head |= {f"shipping_{k}": v for k, v in order["shipping_address"].items()}
    return [{**head, **line} for line in order["lines"]]


EXAMPLE_ROWS = csv_rows(BASE)
HEADER = [column for column in csv_columns() if any(column in row for row in EXAMPLE_ROWS)]


def _cell(value):
    return value if isinstance(value, str) else json.dumps(value)


@st.composite
def csv_files(draw):
    """The example's CSV with cells, rows and columns changed, written with either delimiter."""
    grid = [HEADER] + [[_cell(row.get(column, "")) for column in HEADER] for row in EXAMPLE_ROWS]
    grid = draw(mutated(grid, max_changes=5))
    rows = [[_cell(cell) for cell in row] if isinstance(row, list) else [_cell(row)]
            for row in (grid if isinstance(grid, list) else [grid])]
    out = io.StringIO()
    csv.writer(out, delimiter=draw(st.sampled_from([",", ";"])), lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
               quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))).writerows(rows)
    text = out.getvalue()
    change = draw(st.sampled_from(["none", "none", "stray quote", "cut", "nul", "bom"]))
    if change == "stray quote":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + '"' + text[at:]
    elif change == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif change == "nul":
        text = text.replace(",", ",\x00", 1)
    elif change == "bom":
        text = "\ufeff" + text
    return text.encode("utf-8", "surrogatepass")


def json_file(value, *, ascii_only=False):
    """A JSON file; a lone surrogate is written as its escape (`ascii_only`) or as the broken UTF-8 it becomes."""
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@st.composite
def json_files(draw):
    orders = draw(st.lists(mutated(BASE) | st.just(copy.deepcopy(BASE)) | json_values, min_size=1, max_size=3))
    payload = draw(st.sampled_from(["orders", "mutated"]))
    data = {"orders": orders} if payload == "orders" else draw(mutated({"orders": orders}))
    return json_file(data, ascii_only=draw(st.booleans()))


files = st.one_of(
    st.tuples(st.sampled_from(["orders.json", "orders", "upload.txt"]), json_files() | garbage),
    st.tuples(st.sampled_from(["orders.csv", "orders"]), csv_files() | garbage),
)


def import_file(name, content):
    Order.objects.all().delete()
    Address.objects.all().delete()
    report = orders_import_source(source=source_from_file(name=name, content=content), actor="test")
    assert report.summary()
    if report.file_errors:
        assert not report.results and not Order.objects.exists()
        return report
    for result in report.results:
        assert result.outcome in ("created", "error"), result
        if result.outcome == "error":
            assert result.problems and all(message.startswith(result.label) for message in result.messages())
    orders = list(Order.objects.prefetch_related("lines"))
    assert len(orders) == len(report.created)
    assert all(order.lines.all() for order in orders)
    assert Address.objects.count() == sum(1 + (order.billing_address_id is not None) for order in orders)
    assert OrderLine.objects.count() == sum(len(order.lines.all()) for order in orders)
    return report


# Regressions: files that once escaped as an exception instead of a report.
# RecursionError: JSON nested deeper than Python's reader goes
@example(file=("orders.json", deep("[", "]", 100_000).encode()))
@example(file=("orders.json", json_file({"orders": [{"number": deep("[", "]", 990, '"A1"')}]})))
@settings(PROPERTY, max_examples=300)
@given(file=files)
def test_any_file_gives_a_report_and_each_order_is_whole_or_absent(file):
    import_file(*file)


@PROPERTY
@given(field=st.sampled_from(["first_name", "last_name", "street", "city"]), value=texts)
def test_any_text_in_an_address_is_imported_as_written_or_refused_naming_the_field(field, value):
    order = copy.deepcopy(BASE)
    order["shipping_address"][field] = value
    report = import_file("orders.json", json_file({"orders": [order]}, ascii_only=True))
    [result] = report.results
    if result.outcome == "created":
        assert getattr(Order.objects.get().shipping_address, field) == value.strip()
    else:
        named = f"{field_words(f'shipping_address.{field}')}:"  # e.g. "City (shipping address):"
        assert any(named in message for message in result.messages()), result.messages()
