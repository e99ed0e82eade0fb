"""The admin action "Export selected as CSV", in the form spreadsheet programs in Germany open as they are:
UTF-8 with a byte order mark, `;` between cells, `\\r\\n` after each row, decimal commas, the shop's time zone.

Streamed (`StreamingHttpResponse` over `queryset.iterator()`), so exporting every order keeps one chunk of rows
in memory. The standard library's `csv` writes it: the formats are a dialect and a few value rules, which no
library would make shorter (docs/csv-export.md says why).
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib import admin
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BOM = "\ufeff"
CHUNK = 500  # rows read from the database at a time
# A cell starting with one of these is read as a formula by spreadsheet programs (CSV injection): shop data
# (a customer's name) must never run as one, so such a text cell starts with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ShopDialect(csv.Dialect):
    delimiter = ";"
    quotechar = '"'
    doublequote = True
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


@dataclass(frozen=True)
class Column:
    header: str  # in words (lazily translated)
    value: Callable  # row -> a str, number, date, datetime, bool or None


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal | float):
        return f"{value}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else \
            value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """csv.writer writes to this and gets the line back, so each row can be streamed as it is made."""

    def write(self, text):
        return text


def csv_rows(columns, rows):
    writer = csv.writer(_Line(), dialect=ShopDialect)
    yield BOM + writer.writerow([str(column.header) for column in columns])
    for row in rows:
        yield writer.writerow([cell(column.value(row)) for column in columns])


def csv_response(columns, queryset, name):
    filename = f"{name}-{timezone.localtime():%Y%m%d-%H%M}.csv"
    response = StreamingHttpResponse(csv_rows(columns, queryset.iterator(chunk_size=CHUNK)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_export_action(columns, *, name):
    """An admin action exporting the selected rows with `columns`; whoever may view the list may export it."""

    @admin.action(description=gettext_lazy("Export selected as CSV"), permissions=["view"])
    def export_csv(modeladmin, request, queryset):
        return csv_response(columns, queryset, name)

    return export_csv
