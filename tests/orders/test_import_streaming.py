"""The import reads a file as it goes: the reader gives an order as its rows end, the import asks for a batch at a
time, so neither holds the whole file (memory figures are in bench/import_bench.py)."""

import io
from io import StringIO

import pytest
from django.core.management import call_command

from orders.models import Order
from orders.services.import_files import ImportSource, ReadOrder, source_from_file, source_from_opener
from orders.services.importing import orders_import_source
from tests.orders.test_importing import CSV_ORDER, csv_text, order_data


class TrackedFile(io.BytesIO):
    """A file that remembers how far it was read."""

    def __init__(self, content, opened):
        super().__init__(content)
        self.furthest = 0
        opened.append(self)

    def read(self, size=-1):
        data = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return data

    def read1(self, size=-1):
        return self.read(size)

    def readinto(self, buffer):
        count = super().readinto(buffer)
        self.furthest = max(self.furthest, self.tell())
        return count


def many_orders_csv(count):
    lines = [csv_text("IC10000L10-TE-3,Liquid,2,12.50,19,120").splitlines()[0]]
    for n in range(count):
        order = CSV_ORDER.replace("A1001", f"A{n:05d}")
        lines += [f"{order},IC10000L10-TE-3,Liquid,2,12.50,19,120", f"{order},OTHER-1,Coil,1,3.00,19,"]
    return ("\n".join(lines) + "\n").encode()


def test_the_reader_gives_the_first_order_before_reading_the_rest_of_the_file():
    content, opened = many_orders_csv(2000), []
    source = source_from_opener(name="orders.csv", open_binary=lambda: TrackedFile(content, opened))
    assert source.count == 2000 and not source.file_errors  # the first read checked the whole file
    orders = source.orders()
    first = next(orders)
    assert first.raw["number"] == "A00000" and len(first.raw["lines"]) == 2 and first.where == "CSV rows 2, 3"
    assert opened[-1].furthest < len(content) // 10  # the second read is at its start
    assert sum(1 for _ in orders) == 1999


def test_an_order_whose_rows_stand_apart_is_one_order_in_the_place_of_its_first_row():
    text = csv_text("SKU-1,Liquid,2,12.50,19,120")
    text += CSV_ORDER.replace("A1001", "A1002") + ",SKU-3,Pod,1,5.00,19,\n"
    text += CSV_ORDER + ",SKU-2,Coil,1,3.00,19,\n"
    text += CSV_ORDER.replace("A1001", "A1003") + ",SKU-4,Tank,1,7.00,19,\n"
    orders = list(source_from_file(name="orders.csv", content=text.encode()).orders())
    assert [(read.raw["number"], read.where, [line["sku"] for line in read.raw["lines"]]) for read in orders] == [
        ("A1001", "CSV rows 2, 4", ["SKU-1", "SKU-2"]), ("A1002", "CSV row 3", ["SKU-3"]),
        ("A1003", "CSV row 5", ["SKU-4"])]


@pytest.mark.django_db
def test_the_import_asks_the_reader_for_one_batch_at_a_time():
    given, seen_at_each_result = [], []

    def read():
        for n in range(10):
            given.append(n)
            yield ReadOrder(order_data(f"A{n}"))

    source = ImportSource(count=10, read=read)
    report = orders_import_source(source=source, actor="test", dry_run=True, batch_size=3,
                                  on_result=lambda result: seen_at_each_result.append(len(given)))
    assert report.counts["created"] == 10
    assert seen_at_each_result == [3, 3, 3, 6, 6, 6, 9, 9, 9, 10]


class Terminal(StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
@pytest.mark.parametrize("stderr", [Terminal, StringIO])
def test_import_orders_shows_progress_on_a_terminal_only(tmp_path, stderr):
    path = tmp_path / "orders.csv"
    path.write_bytes(many_orders_csv(3))
    err = stderr()
    call_command("import_orders", str(path), stdout=StringIO(), stderr=err)
    assert Order.objects.count() == 3
    if stderr is Terminal:
        assert "Importing [" in err.getvalue() and "3/3 100%" in err.getvalue()
    else:
        assert err.getvalue() == ""


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_byte_that_is_not_utf8_far_into_the_file_is_named_by_its_position(bom):
    text = b"x" + ("ä" * 70_000).encode()  # two-byte characters cut at the end of each chunk of the first read
    assert not source_from_file(name="orders.json", content=bom + b'{"orders": ["' + text + b'"]}').file_errors
    assert source_from_file(name="orders.csv", content=bom + text + b"\xff").file_errors == [
        "the file is not UTF-8 text (invalid byte at position 140002)"]
