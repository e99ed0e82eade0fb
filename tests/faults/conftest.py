from urllib.parse import urlsplit

import pytest

from backoffice.sandbox import state

from .matrix import Env, sandbox_served
from .proxy import FaultProxy


@pytest.fixture(scope="session")
def env():
    """The sandbox served on a free port, and the fault proxy in front of it. The sandbox accepts repeated
    order numbers, as a careless partner would: nothing here passes because the partner refused a double."""
    state.accept_repeats(True)
    try:
        with sandbox_served() as sandbox, FaultProxy("127.0.0.1", urlsplit(sandbox).port) as proxy:
            yield Env(sandbox=sandbox, proxy=proxy)
    finally:
        state.accept_repeats(None)
