"""The fault matrix over real HTTP: every partner operation through every fault, printed operation by fault.

    python bench/fault_matrix.py                              # SQLite in memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python bench/fault_matrix.py
    python bench/fault_matrix.py --only innoship --reasons    # some rows; what staff were told, per cell

It serves the sandbox from a threaded HTTP server on a free port (Django's live server), puts the fault proxy
(tests/faults/proxy.py) in front of it, and runs each cell of tests/faults/matrix.py on an empty database and
an empty sandbox. Each cell reads "what happened after the fault → what the rerun did, how often the partner
holds each order". The last line counts the cells, the passes, and any order doubled or lost. It exits 1
when a cell fails. The same cells run in `make test` (tests/faults/test_matrix.py).
"""

import argparse
import logging
import os
import sys
import time

from setup import django_setup

os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
django_setup("tests.settings")  # the real settings with the sandbox mounted; a developer's .env is not read

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402

from backoffice.progress import Progress  # noqa: E402
from tests.faults.matrix import FAULTS, Env, matrix_table, operations, run_cell  # noqa: E402
from tests.faults.proxy import FaultProxy  # noqa: E402


def sandbox_server():
    """The sandbox on a free port, sharing an in-memory SQLite database with this thread as the tests do."""
    shared = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared[connection.alias] = connection
    server = LiveServerThread("127.0.0.1", lambda app: app, connections_override=shared, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="only operations whose name contains this (case-insensitive)")
    parser.add_argument("--reasons", action="store_true", help="also print what staff were told in each cell")
    args = parser.parse_args()
    chosen = [op for op in operations() if not args.only or args.only.lower() in op.name.lower()]
    if not chosen:
        raise SystemExit(f"No operation matches {args.only!r}.")

    for noisy in ("backoffice.partners", "django.request"):  # each failed exchange: expected here, not news
        logging.getLogger(noisy).setLevel(logging.ERROR)
    call_command("migrate", verbosity=0, interactive=False)
    server = sandbox_server()
    cells, started = [], time.monotonic()
    database = connections["default"]
    print(f"Fault matrix on {database.vendor} ({database.settings_dict['NAME']}), "
          f"{len(chosen)} operations × {len(FAULTS)} faults", file=sys.stderr)
    try:
        with FaultProxy("127.0.0.1", server.port) as proxy, Progress(
            len(chosen) * len(FAULTS), "Cells", stream=sys.stderr
        ) as progress:
            env = Env(sandbox=f"http://127.0.0.1:{server.port}/sandbox", proxy=proxy)
            for operation in chosen:
                for fault in FAULTS:
                    call_command("flush", verbosity=0, interactive=False)
                    cells.append(run_cell(operation, fault, env))
                    progress.advance()
    finally:
        server.terminate()
    print(matrix_table(cells, [op.name for op in chosen], [fault.label for fault in FAULTS]))
    print(f"({time.monotonic() - started:.0f} s)")
    if args.reasons:
        print("\nWhat staff were told when the fault hit:")
        for cell in cells:
            print(f"- {cell.operation} | {cell.fault}: {cell.reason.splitlines()[0] if cell.reason else '–'}")
    failed = [cell for cell in cells if not cell.ok]
    for cell in failed:
        print(f"\n✗ {cell.operation} | {cell.fault}:\n  " + "\n  ".join(cell.problems), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
