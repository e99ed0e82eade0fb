"""Demo orders for `make run`: every route, a Swiss and a Liechtenstein order, and the orders the partner
packages' demo steps put into the states staff meet (see README, "What make run sets up")."""

from pathlib import Path

from backoffice.actors import acting_as
from orders.models import Order
from orders.services.import_files import source_from_file
from orders.services.importing import orders_import_source
from orders.services.submissions import orders_submit

HELD_BACK = "A1002"  # AS100AMZ is not in the InnoCigs catalogue: the submit run keeps it back before any call

DEMO_FILE = Path(__file__).with_name("orders.json")


def load_demo_orders():
    actor = "command:load_demo"
    with acting_as(actor):
        report = orders_import_source(source=source_from_file(name=DEMO_FILE.name, content=DEMO_FILE.read_bytes()),
                                      actor=actor)
    return f"Demo orders: {report.summary()}"


def load_demo_hold():
    """Runs the real submit for the held-back demo order: it stops before any call and keeps the reason."""
    order = Order.objects.filter(number=HELD_BACK, status=Order.Status.READY, submission_state="",
                                 hold_reason="").first()
    if order is None:
        return "Demo hold: nothing to do."
    with acting_as("command:load_demo"):
        orders_submit(orders=[order], partner="innocigs", actor="command:load_demo")
    order.refresh_from_db()
    return f"Demo hold: {HELD_BACK} held back ({order.hold_reason})."
