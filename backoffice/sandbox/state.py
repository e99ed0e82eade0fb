"""The sandbox's memory: what each emulated partner holds, and every request it received.

It lives in the web server's process (one `runserver`, or the test's live server), guarded by a lock.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass

lock = threading.RLock()
_stores = defaultdict(dict)
_received = []
_accept_repeats = None  # None: the setting SANDBOX_ACCEPT_REPEATS decides


@dataclass(frozen=True)
class Received:
    partner: str
    operation: str
    body: str
    query: str = ""  # the URL's query string


def store(partner) -> dict:
    """The mutable state of one emulated partner. Hold `lock` while changing it."""
    return _stores[partner]


def record(partner, operation, body, query=""):
    with lock:
        _received.append(Received(partner, operation, body, query))


def received(partner=None, operation=None) -> list[Received]:
    with lock:
        return [r for r in _received if partner in (None, r.partner) and operation in (None, r.operation)]


def accepts_repeats() -> bool:
    """The careless-partner mode: an order number sent again is placed, booked or registered again, as a partner
    that does not check numbers would. Where a partner's document promises to refuse a repeat (InnoCigs' 20011),
    the sandbox refuses it unless this mode is on; the exactly-once proofs run with it on, so that no test passes
    because the partner protected us."""
    if _accept_repeats is not None:
        return _accept_repeats
    from django.conf import settings

    return getattr(settings, "SANDBOX_ACCEPT_REPEATS", False)


def accept_repeats(on: bool | None):
    """Turns the careless-partner mode on or off for this process (None: back to the setting)."""
    global _accept_repeats
    with lock:
        _accept_repeats = on


def reset():
    with lock:
        _stores.clear()
        _received.clear()
