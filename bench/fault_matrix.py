"""The fault matrix over real HTTP: every partner operation through every fault, printed operation by fault.

    python bench/fault_matrix.py                              # SQLite in memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python bench/fault_matrix.py
    python bench/fault_matrix.py --only innoship --reasons    # some rows; what staff were told, per cell

It serves the sandbox from a threaded HTTP server on a free port (Django's live server thread), puts the fault
proxy (tests/faults/proxy.py) in front of it, and runs each cell of tests/faults/matrix.py on an empty sandbox
and the freshly migrated database (each cell's writes are rolled back). A cell reads "what happened after the
fault → what the rerun did, how many times the partner holds each order"; the last line counts the cells, the
passes, and any order doubled or lost. It exits 1 when a cell fails. Back-off pauses are recorded, not slept.
The same cells run in `make test` (tests/faults/test_matrix.py).
"""

import argparse
import logging
import os
import sys
import time

from setup import django_setup

os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
django_setup("tests.settings")  # the real settings with the sandbox mounted; a developer's .env is not read

from urllib.parse import urlsplit  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from backoffice.progress import Progress  # noqa: E402
from tests.faults.matrix import ALL_FAULTS, OPERATIONS, Env, faults_for, matrix_table, run_cell, sandbox_served  # noqa: E402,E501
from tests.faults.proxy import FaultProxy  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="only operations whose name contains this (case-insensitive)")
    parser.add_argument("--reasons", action="store_true", help="also print what staff were told in each cell")
    args = parser.parse_args()
    chosen = [op for op in OPERATIONS if not args.only or args.only.lower() in op.name.lower()]
    if not chosen:
        raise SystemExit(f"No operation matches {args.only!r}.")

    for noisy in ("backoffice.partners", "django.request"):  # each failed exchange: expected here, not news
        logging.getLogger(noisy).setLevel(logging.ERROR)
    call_command("migrate", verbosity=0, interactive=False)
    cells, started = [], time.monotonic()
    print(f"Fault matrix on {connection.vendor} ({connection.settings_dict['NAME']}): "
          f"{len(chosen)} operations × up to {len(ALL_FAULTS)} faults", file=sys.stderr)
    with sandbox_served() as sandbox, FaultProxy("127.0.0.1", urlsplit(sandbox).port) as proxy, Progress(
        sum(len(faults_for(op)) for op in chosen), "Cells", stream=sys.stderr
    ) as progress:
        env = Env(sandbox=sandbox, proxy=proxy)
        for operation in chosen:
            for fault in faults_for(operation):
                cells.append(run_cell(operation, fault, env))
                progress.advance()
    print(matrix_table(cells, [op.name for op in chosen], [fault.label for fault in ALL_FAULTS]))
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
