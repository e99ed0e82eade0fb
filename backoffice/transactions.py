"""Guards for code that talks to a partner: it must never run inside someone else's transaction.

A claim must be committed before the partner is called, and what the partner said must be recorded in a
transaction of its own; inside an outer `atomic()` (the admin's change form wraps every POST in one) both would
vanish with a rollback or a killed worker, while the partner keeps what it was sent.
"""

from django.db import transaction


class InsideTransaction(RuntimeError):
    """Partner-facing work was started inside an open transaction."""


def in_outer_transaction(using=None) -> bool:
    """True inside an `atomic()` block opened by the application. The blocks a test case opens to roll its data
    back (Django marks them `_from_testcase`, as its own on_commit handling does) do not count."""
    connection = transaction.get_connection(using)
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def require_no_transaction(what):
    """Refuses to go on inside an outer transaction, naming what was attempted."""
    if in_outer_transaction():
        raise InsideTransaction(
            f"{what} talks to a partner and must run outside any database transaction, so that its claim is "
            "committed before the call and its outcome is recorded whatever happens to the caller."
        )
