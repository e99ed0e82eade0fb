"""What the staff journeys share: the shop's data, the partners' control calls, and the schedules' commands.

Orders are made through the real import service (the same as the upload page and `import_orders`), and the
sandboxes are driven through their HTTP control calls, as a demo would.
"""

import json
from io import StringIO

import requests
from django.core.management import call_command

from orders.services.importing import orders_import
from tests.support import control_headers

SENDER = {
    "company": "Dampfwerk Versand GmbH", "first_name": "Max", "last_name": "Mustermann",
    "street": "Musterstrasse 10", "postcode": "22761", "city": "Hamburg", "country": "DE",
    "email": "versand@example.com", "phone": "+49 40 1234567",
}
# The local InnoCigs catalogue: what the shop believes. The sandbox's stock decides at InnoCigs, and it has
# none of AS100AMZ, so an order of it passes the local checks and InnoCigs itself refuses it (30001).
CATALOGUE = {"12M100L10-BG-0": 220, "12M100L10-BN-20": 114, "IC10000AIO-10": 155, "IC10000L10-TE-3": 40,
             "AS100AMZ": 5}
ADDRESSES = {
    "DE": {"first_name": "Jane", "last_name": "Doe", "street": "Teststr.", "house_number": "23",
           "postcode": "22761", "city": "Hamburg", "country": "DE"},
    "CH": {"first_name": "Luca", "last_name": "Meier", "street": "Bahnhofstrasse", "house_number": "12",
           "postcode": "8001", "city": "Zürich", "country": "CH"},
}


def order_data(number, *, route="innocigs", lines=(("12M100L10-BG-0", 2),), country="DE", **fields):
    """One order in the import's JSON format (the README's Orders section)."""
    return {
        "number": number, "placed_at": "2026-11-20", "route": route, "currency": "EUR", "payment_type": "paypal",
        "shipping_cost": "4.90", "email": "jane@example.com", "phone": "+49 40 123456", "birthday": "1989-06-23",
        "shipping_address": dict(ADDRESSES[country]),
        "lines": [{"sku": sku, "name": f"Article {sku}", "quantity": quantity, "unit_price": "12.50",
                   "vat_rate": "19", "weight_grams": 120, "country_of_origin": "DE"} for sku, quantity in lines],
        **fields,
    }


def orders_file(tmp_path, *orders, name="orders.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"orders": list(orders)}), encoding="utf-8")
    return path


def import_orders(*orders):
    """Imports orders as the upload page would; fails loudly if any is not created."""
    report = orders_import(payload={"orders": list(orders)}, actor="command:import_orders")
    assert [r.outcome for r in report.results] == ["created"] * len(orders), [str(r) for r in report.results]
    return report


def command(name, *args):
    """Runs a management command as its schedule would and returns what it printed."""
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def control(url, **data):
    """A sandbox control call (sandbox only: ship now, advance a state, create a return, …)."""
    response = requests.post(url, json=data, headers=control_headers(), timeout=10)
    assert response.status_code < 300, response.text
    return response.json()


def take_queued_tasks():
    """Takes every task waiting on django-q's broker (the ORM or Redis, as configured), as a worker would."""
    from django_q.brokers import get_broker
    from django_q.signing import SignedPackage

    broker, taken = get_broker(), []
    while broker.queue_size():
        for ack_id, payload in broker.dequeue() or []:
            taken.append(SignedPackage.loads(payload))
            broker.acknowledge(ack_id)
    return taken


def run_task(task):
    """Runs one queued task in this thread, as a django-q worker would."""
    from django.utils.module_loading import import_string

    func = import_string(task["func"]) if isinstance(task["func"], str) else task["func"]
    return func(*task["args"], **task["kwargs"])
