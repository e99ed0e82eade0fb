"""Reading an import file (JSON, or CSV with one row per line) into the orders of the import format.

A CSV file is read twice, and neither read holds the file. The first read checks the file as a whole (UTF-8, the
header, CSV syntax), so a broken file stops the import before any order, and notes the orders whose rows stand
apart, with their last row. The second read gives the orders one at a time, each as soon as its last row is read.
An order's rows may stand apart in the file (as before): orders are given in the order of their first row, and
the orders begun after one still open wait for it, so only a file whose rows are scattered holds more than one
order at a time. A JSON file is read twice too, with ijson (orders/services/import_json.py): the first read checks
it as a whole (syntax, no key twice, no NaN, the "orders" list) and counts the orders, the second gives each order
as soon as it is read.
"""

import codecs
import csv
import io
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext

from orders.services.import_format import ADDRESS_KEYS, LINE_KEYS, order_keys
from orders.services.import_json import BOM, CHUNK, check_json, json_orders, shape_errors

ADDRESS_PREFIXES = {"shipping_address": "shipping_", "billing_address": "billing_"}
LINE_COLUMNS = list(LINE_KEYS)
REQUIRED_COLUMNS = [
    "number", "placed_at", "route", "shipping_first_name", "shipping_last_name", "shipping_street",
    "shipping_postcode", "shipping_city", "shipping_country", "sku", "quantity", "unit_price",
]


def order_columns() -> list[str]:
    """The order's columns: its keys (the partners' too, read when asked: the admin loads before they register)
    and its addresses'."""
    return [*order_keys()] + [f"{prefix}{name}" for prefix in ADDRESS_PREFIXES.values() for name in ADDRESS_KEYS]


def csv_columns() -> list[str]:
    return order_columns() + LINE_COLUMNS


@dataclass(frozen=True)
class ReadOrder:
    """One order as read, not yet checked."""

    raw: object
    where: str = ""  # e.g. "CSV rows 2, 3"
    problems: tuple[tuple[str, str], ...] = ()  # found while reading


@dataclass
class ImportSource:
    """The orders of a file, given one at a time by `orders()`; problems of the file as a whole (`file_errors`)
    are known before the first order and stop the import before any order."""

    file_errors: list[str] = field(default_factory=list)
    count: int = 0  # the orders `orders()` gives
    distinct_numbers: bool = False  # each order number comes once at most (a CSV file's rows are grouped by it)
    read: Callable[[], Iterator[ReadOrder]] | None = None

    def orders(self) -> Iterator[ReadOrder]:
        """The orders, read afresh on each call."""
        if self.file_errors or self.read is None:
            return iter(())
        return self.read()


def source_from_payload(payload) -> ImportSource:
    """The orders of an import already read (`orders_import(payload=...)`)."""
    is_object = isinstance(payload, dict)
    orders = payload.get("orders") if is_object else None
    errors = shape_errors(is_object=is_object, keys=list(payload) if is_object else [],
                          orders_is_list=isinstance(orders, list), count=len(orders) if isinstance(orders, list) else 0)
    if errors:
        return ImportSource(file_errors=errors)
    return ImportSource(count=len(orders), read=lambda: (ReadOrder(raw) for raw in orders))


def _json_source(open_binary) -> ImportSource:
    """The first read checks the file as a whole and counts its orders; each `orders()` reads it again."""
    check = check_json(open_binary)
    if check.errors:
        return ImportSource(file_errors=check.errors)
    return ImportSource(count=check.count,
                        read=lambda: (ReadOrder(raw) for raw in json_orders(open_binary, check.backend)))


def _rows_label(rows):
    if len(rows) == 1:
        return gettext("CSV row %(row)s") % {"row": rows[0]}
    return gettext("CSV rows %(rows)s") % {"rows": ", ".join(map(str, rows))}


def _order_from_rows(rows):
    """One order from its CSV rows: the order columns from the first row (which all rows must repeat)."""
    first = rows[0][1]
    order = {name: first[name] for name in order_keys() if first.get(name)}
    for key, prefix in ADDRESS_PREFIXES.items():
        address = {name: first[prefix + name] for name in ADDRESS_KEYS if first.get(prefix + name)}
        if address:
            order[key] = address
    order["lines"] = [{name: row[name] for name in LINE_COLUMNS if row.get(name)} for _, row in rows]
    problems, columns = [], order_columns()
    for number, row in rows[1:]:
        for column in columns:
            if (row.get(column) or "").strip() != (first.get(column) or "").strip():
                disagree = gettext("CSV rows %(first)s and %(row)s of this order disagree; every row must repeat "
                                   "the order's columns")
                problems.append((column, disagree % {"first": rows[0][0], "row": number}))
    return order, problems


def _header_errors(header):
    known = csv_columns()
    unknown = sorted({name for name in header if name not in known})
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    doubled = sorted({name for name in header if header.count(name) > 1})
    errors = []
    if unknown:
        errors.append(gettext("unknown CSV column: %(columns)s") % {"columns": ", ".join(unknown)})
    if missing:
        errors.append(gettext("missing CSV column: %(columns)s") % {"columns": ", ".join(missing)})
    if doubled:
        errors.append(gettext("CSV column given twice: %(columns)s") % {"columns": ", ".join(doubled)})
    return errors


def _csv_rows(reader):
    """The header, and the rows as (row number, cells, order key), skipping blank rows."""
    header = [name.strip().lower() for name in next(reader, [])]
    number_at = header.index("number") if "number" in header else None

    def rows():
        for row_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            number = cells[number_at].strip() if number_at is not None and number_at < len(cells) else ""
            yield row_number, cells, number or f"#row{row_number}"

    return header, rows()


def _csv_orders(open_text, delimiter, apart):
    """The orders, in the order of their first row, each given once its last row is read: for most orders the row
    before another order's; for an order whose rows stand apart, its row in `apart` (order key → last row)."""
    with open_text() as file:
        header, rows = _csv_rows(csv.reader(file, delimiter=delimiter, strict=True))
        pending, ended, previous = OrderedDict(), set(), None  # order key → its rows so far; keys read whole
        for row_number, cells, key in rows:
            if previous not in (None, key) and previous not in apart:
                ended.add(previous)
            previous = key
            yield from _ended_orders(pending, ended)
            rows_so_far, extras = pending.setdefault(key, ([], []))
            rows_so_far.append((row_number, dict(zip(header, cells, strict=False))))
            if len(cells) != len(header):
                extras.append(("", gettext("CSV row %(row)s has %(cells)s cells, the header %(header)s") % {
                    "row": row_number, "cells": len(cells), "header": len(header)}))
            if apart.get(key) == row_number:
                ended.add(key)
        ended.update(pending)
        yield from _ended_orders(pending, ended)


def _ended_orders(pending, ended):
    while pending and next(iter(pending)) in ended:
        key, (rows, extras) = pending.popitem(last=False)
        ended.discard(key)
        order, problems = _order_from_rows(rows)
        yield ReadOrder(order, _rows_label([number for number, _ in rows]), tuple(extras + problems))


def _csv_source(open_text) -> ImportSource:
    """The first read: the file as a whole, and the orders whose rows stand apart."""
    with open_text() as file:
        header_line = ""
        while "\n" not in header_line and (chunk := file.read(CHUNK)):
            header_line += chunk
    header_line = header_line.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    # Every order key, only while this read lasts; kept are the orders whose rows stand apart, with their last row.
    keys, apart, previous = set(), {}, None
    with open_text() as file:
        reader = csv.reader(file, delimiter=delimiter, strict=True)
        try:
            header, rows = _csv_rows(reader)
            errors = _header_errors(header)
            if errors:
                return ImportSource(file_errors=errors)
            for row_number, _, key in rows:
                if key in apart or (key != previous and key in keys):
                    apart[key] = row_number
                keys.add(key)
                previous = key
        except csv.Error as exc:
            return ImportSource(file_errors=[gettext("not readable as CSV (row %(row)s): %(error)s") % {
                "row": reader.line_num, "error": exc}])
    if not keys:
        return ImportSource(file_errors=[gettext("the CSV file holds no rows")])
    return ImportSource(count=len(keys), distinct_numbers=True,
                        read=lambda: _csv_orders(open_text, delimiter, apart))


def _not_utf8_at(open_binary):
    """The 1-based position of the first byte that is not UTF-8 (counted after a byte order mark), or None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open_binary() as file:
        head = file.read(len(BOM))
        while len(head) < len(BOM) and (more := file.read(len(BOM) - len(head))):
            head += more
        chunk, offset, at_end = (b"" if head == BOM else head), 0, False  # offset: the bytes decoded so far
        while True:
            held = len(decoder.getstate()[0])  # the bytes of a character cut at the end of the last chunk
            try:
                decoder.decode(chunk, final=at_end)
            except UnicodeDecodeError as exc:
                return offset - held + exc.start + 1
            if at_end:
                return None
            offset += len(chunk)
            chunk = file.read(CHUNK)
            at_end = not chunk


def source_from_opener(*, name, open_binary) -> ImportSource:
    """JSON or CSV, by the file's extension, else by its content; `open_binary()` gives a new binary file object
    at each call (a CSV file is read twice, and again on each `orders()`)."""
    position = _not_utf8_at(open_binary)
    if position is not None:
        not_utf8 = gettext("the file is not UTF-8 text (invalid byte at position %(position)s)")
        return ImportSource(file_errors=[not_utf8 % {"position": position}])

    def open_text():
        return io.TextIOWrapper(open_binary(), encoding="utf-8-sig", newline="")

    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ("json", "csv"):
        with open_text() as file:
            start = ""
            while (chunk := file.read(CHUNK)) and not (start := chunk.lstrip()):
                pass
        extension = "json" if start.startswith(("{", "[")) else "csv"
    if extension == "json":
        return _json_source(open_binary)
    return _csv_source(open_text)


def source_from_file(*, name, content: bytes) -> ImportSource:
    """The orders of an uploaded file, held in memory (the admin's upload)."""
    return source_from_opener(name=name, open_binary=lambda: io.BytesIO(content))


def source_from_path(path) -> ImportSource:
    """The orders of a file on disk, read as they are imported (the command): memory stays flat however long it is.
    Raises OSError when the file cannot be read."""
    return source_from_opener(name=Path(path).name, open_binary=lambda: open(path, "rb"))
