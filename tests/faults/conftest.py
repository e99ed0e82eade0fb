from urllib.parse import urlsplit

import pytest

from .matrix import Env, sandbox_served
from .proxy import FaultProxy


@pytest.fixture(scope="session")
def env():
    """The sandbox served on a free port, and the fault proxy in front of it."""
    with sandbox_served() as sandbox, FaultProxy("127.0.0.1", urlsplit(sandbox).port) as proxy:
        yield Env(sandbox=sandbox, proxy=proxy)
