"""The sample files of the import page: two example orders, written through the parser's own columns and keys.

The CSV's header is `csv_columns()` and the JSON's keys are those of the import format, so a new column appears
in the samples by itself; the tests import both samples and expect two clean orders.
"""

import csv
import io
import json

from orders.services.import_files import ADDRESS_PREFIXES, LINE_COLUMNS, csv_columns, order_columns
from orders.services.import_format import ADDRESS_KEYS, LINE_KEYS, order_keys

SAMPLE_ORDERS = [
    {
        "number": "S1001", "placed_at": "2026-11-20", "route": "innocigs", "currency": "EUR",
        "payment_type": "paypal", "shipping_cost": "4.90", "email": "jane.doe@example.com", "phone": "+49 40 1234567",
        "shipping_address": {"first_name": "Jane", "last_name": "Doe", "street": "Teststraße", "house_number": "23",
                             "postcode": "22761", "city": "Hamburg", "country": "DE"},
        "lines": [
            {"sku": "IC10000L10-TE-3", "name": "Liquid 10 ml", "quantity": 2, "unit_price": "12.50",
             "vat_rate": "19", "weight_grams": 120},
            {"sku": "IC20000C5-0", "name": "Coils (5 pieces)", "quantity": 1, "unit_price": "9.90",
             "vat_rate": "19"},
        ],
    },
    {
        "number": "S1002", "placed_at": "2026-11-21", "route": "innoship", "currency": "EUR",
        "payment_type": "invoice", "shipping_cost": "5.90", "email": "max@example.com", "phone": "+43 1 9876543",
        "shipping_address": {"company": "Muster GmbH", "first_name": "Max", "last_name": "Muster",
                             "street": "Hauptstraße", "house_number": "5", "postcode": "1010", "city": "Wien",
                             "country": "AT"},
        "billing_address": {"first_name": "Erika", "last_name": "Muster", "street": "Ringstraße",
                            "house_number": "1", "postcode": "1010", "city": "Wien", "country": "AT"},
        "lines": [{"sku": "IC30000B-1", "name": "Battery", "quantity": 1, "unit_price": "24.00", "vat_rate": "20"}],
    },
]


def _complete(order):
    """Every key of the format, the optional ones empty, in the format's own order."""
    full = {name: order.get(name, "") for name in order_keys()}
    for key in ADDRESS_PREFIXES:
        if key in order:
            full[key] = {name: order[key].get(name, "") for name in ADDRESS_KEYS}
    full["lines"] = [{name: line.get(name, "") for name in LINE_KEYS} for line in order["lines"]]
    return full


def sample_json() -> str:
    return json.dumps({"orders": [_complete(order) for order in SAMPLE_ORDERS]}, ensure_ascii=False, indent=2)


def sample_csv(*, delimiter=",") -> str:
    """One row per order line, each row repeating its order's columns (the CSV format of docs/orders.md)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(csv_columns())
    order_names = order_columns()
    for order in SAMPLE_ORDERS:
        columns = {name: order.get(name, "") for name in order_keys()}
        for key, prefix in ADDRESS_PREFIXES.items():
            columns.update({prefix + name: order.get(key, {}).get(name, "") for name in ADDRESS_KEYS})
        for line in order["lines"]:
            writer.writerow([columns[name] for name in order_names] + [line.get(name, "") for name in LINE_COLUMNS])
    return out.getvalue()
