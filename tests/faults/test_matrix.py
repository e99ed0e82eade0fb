"""Every partner operation through every fault, over real HTTP: the sandbox on the live server, the fault proxy
in front of it (see tests/faults/matrix.py for what each cell proves; `bench/fault_matrix.py` prints it)."""

from urllib.parse import urlsplit

import pytest
from django.utils.text import slugify

from backoffice.partner_http import close_sessions

from .matrix import FAULTS, Env, operations, run_cell
from .proxy import FaultProxy

pytestmark = pytest.mark.django_db(transaction=True)

CELLS = [pytest.param(operation, fault, id=slugify(f"{operation.name} {fault.label}"))
         for operation in operations() for fault in FAULTS]


@pytest.fixture
def env(sandbox):
    server = urlsplit(sandbox)
    with FaultProxy(server.hostname, server.port) as proxy:
        yield Env(sandbox=sandbox, proxy=proxy)
    close_sessions()


@pytest.mark.parametrize(("operation", "fault"), CELLS)
def test_cell(env, operation, fault):
    cell = run_cell(operation, fault, env)
    assert cell.ok, "\n".join(cell.problems)
    assert (cell.doubled, cell.lost) == (0, 0)
