"""The sandbox's memory: what each emulated partner holds, and every request it received.

It lives in the web server's process (one `runserver`, or the test's live server), guarded by a lock.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass

lock = threading.RLock()
_stores = defaultdict(dict)
_received = []


@dataclass(frozen=True)
class Received:
    partner: str
    operation: str
    body: str


def store(partner) -> dict:
    """The mutable state of one emulated partner. Hold `lock` while changing it."""
    return _stores[partner]


def record(partner, operation, body):
    with lock:
        _received.append(Received(partner, operation, body))


def received(partner=None, operation=None) -> list[Received]:
    with lock:
        return [r for r in _received if partner in (None, r.partner) and operation in (None, r.operation)]


def reset():
    with lock:
        _stores.clear()
        _received.clear()
