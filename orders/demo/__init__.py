"""Demo orders for `make run`: every route, a Swiss and a Liechtenstein order, and one InnoCigs refuses (A1002)."""

from pathlib import Path

from backoffice.actors import acting_as
from orders.services.import_files import source_from_file
from orders.services.importing import orders_import_source

DEMO_FILE = Path(__file__).with_name("orders.json")


def load_demo_orders():
    actor = "command:load_demo"
    with acting_as(actor):
        report = orders_import_source(source=source_from_file(name=DEMO_FILE.name, content=DEMO_FILE.read_bytes()),
                                      actor=actor)
    return f"Demo orders: {report.summary()}"
