"""Reading an import file (JSON, or CSV with one row per line) into the orders of the import format."""

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from orders.services.import_format import ADDRESS_KEYS, LINE_KEYS, ORDER_KEYS

ADDRESS_PREFIXES = {"shipping_address": "shipping_", "billing_address": "billing_"}
ORDER_COLUMNS = [*ORDER_KEYS] + [f"{prefix}{name}" for prefix in ADDRESS_PREFIXES.values() for name in ADDRESS_KEYS]
LINE_COLUMNS = list(LINE_KEYS)
CSV_COLUMNS = ORDER_COLUMNS + LINE_COLUMNS
REQUIRED_COLUMNS = [
    "number", "placed_at", "route", "shipping_first_name", "shipping_last_name", "shipping_street",
    "shipping_postcode", "shipping_city", "shipping_country", "sku", "quantity", "unit_price",
]


@dataclass
class ImportSource:
    """Orders as read, not yet checked; problems of the file as a whole stop the import before any order."""

    orders: list = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    problems: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # order index → found while reading
    where: dict[int, str] = field(default_factory=dict)  # order index → e.g. "CSV rows 2–3"


def source_from_payload(payload) -> ImportSource:
    if not isinstance(payload, dict) or "orders" not in payload:
        not_an_object = gettext('the import must be an object with an "orders" list: {"orders": [...]}')
        return ImportSource(file_errors=[not_an_object])
    unknown = [str(key) for key in payload if key != "orders"]
    if unknown:
        unknown_fields = gettext("unknown top-level field: %(fields)s") % {"fields": ", ".join(unknown)}
        return ImportSource(file_errors=[unknown_fields])
    if not isinstance(payload["orders"], list):
        return ImportSource(file_errors=[gettext('"orders" must be a list of orders')])
    if not payload["orders"]:
        return ImportSource(file_errors=[gettext("the import holds no orders")])
    return ImportSource(orders=payload["orders"])


def _pairs_without_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(gettext("the key %(key)s appears twice in one object") % {"key": repr(key)})
        seen[key] = value
    return seen


def _refuse_constant(name):
    raise ValueError(gettext("%(name)s is not a number the import accepts") % {"name": name})


def source_from_json(text) -> ImportSource:
    try:
        # Decimals as written: 12.50 stays 12.50, never a float with binary noise.
        payload = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant,
                             object_pairs_hook=_pairs_without_duplicates)
    except ValueError as exc:
        return ImportSource(file_errors=[gettext("not valid JSON: %(error)s") % {"error": exc}])
    except RecursionError:
        return ImportSource(file_errors=[gettext("not valid JSON: nested deeper than any order file is")])
    return source_from_payload(payload)


def _rows_label(rows):
    if len(rows) == 1:
        return gettext("CSV row %(row)s") % {"row": rows[0]}
    return gettext("CSV rows %(rows)s") % {"rows": ", ".join(map(str, rows))}


def _order_from_rows(rows):
    """One order from its CSV rows: the order columns from the first row (which all rows must repeat)."""
    first = rows[0][1]
    order = {name: first[name] for name in ORDER_KEYS if first.get(name)}
    for key, prefix in ADDRESS_PREFIXES.items():
        address = {name: first[prefix + name] for name in ADDRESS_KEYS if first.get(prefix + name)}
        if address:
            order[key] = address
    order["lines"] = [{name: row[name] for name in LINE_COLUMNS if row.get(name)} for _, row in rows]
    problems = []
    for number, row in rows[1:]:
        for column in ORDER_COLUMNS:
            if (row.get(column) or "").strip() != (first.get(column) or "").strip():
                disagree = gettext("CSV rows %(first)s and %(row)s of this order disagree; every row must repeat "
                                   "the order's columns")
                problems.append((column, disagree % {"first": rows[0][0], "row": number}))
    return order, problems


def source_from_csv(text) -> ImportSource:
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        unknown = sorted({name for name in header if name not in CSV_COLUMNS})
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        doubled = sorted({name for name in header if header.count(name) > 1})
        errors = []
        if unknown:
            errors.append(gettext("unknown CSV column: %(columns)s") % {"columns": ", ".join(unknown)})
        if missing:
            errors.append(gettext("missing CSV column: %(columns)s") % {"columns": ", ".join(missing)})
        if doubled:
            errors.append(gettext("CSV column given twice: %(columns)s") % {"columns": ", ".join(doubled)})
        if errors:
            return ImportSource(file_errors=errors)
        groups, extra_cells = {}, {}
        for row_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            row = dict(zip(header, cells, strict=False))
            key = row.get("number", "").strip() or f"#row{row_number}"
            groups.setdefault(key, []).append((row_number, row))
            if len(cells) != len(header):
                extra_cells.setdefault(key, []).append(
                    ("", gettext("CSV row %(row)s has %(cells)s cells, the header %(header)s") % {
                        "row": row_number, "cells": len(cells), "header": len(header)}))
    except csv.Error as exc:
        return ImportSource(file_errors=[gettext("not readable as CSV (row %(row)s): %(error)s") % {
            "row": reader.line_num, "error": exc}])
    source = ImportSource()
    for index, (key, rows) in enumerate(groups.items()):
        order, problems = _order_from_rows(rows)
        source.orders.append(order)
        source.where[index] = _rows_label([number for number, _ in rows])
        if problems or key in extra_cells:
            source.problems[index] = extra_cells.get(key, []) + problems
    if not source.orders:
        source.file_errors.append(gettext("the CSV file holds no rows"))
    return source


def source_from_file(*, name, content: bytes) -> ImportSource:
    """JSON or CSV, by the file's extension, else by its content."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        not_utf8 = gettext("the file is not UTF-8 text (invalid byte at position %(position)s)")
        return ImportSource(file_errors=[not_utf8 % {"position": exc.start + 1}])
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ("json", "csv"):
        extension = "json" if text.lstrip().startswith(("{", "[")) else "csv"
    return source_from_json(text) if extension == "json" else source_from_csv(text)
