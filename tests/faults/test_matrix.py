"""Every partner operation through every fault, over real HTTP: the sandbox served on a free port, the fault
proxy in front of it (tests/faults/matrix.py says what each cell proves; `bench/fault_matrix.py` prints it)."""

import pytest
from django.utils.text import slugify

from .matrix import OPERATIONS, faults_for, run_cell

pytestmark = pytest.mark.django_db

CELLS = [pytest.param(operation, fault, id=slugify(f"{operation.name} {fault.label}"))
         for operation in OPERATIONS for fault in faults_for(operation)]


@pytest.mark.parametrize(("operation", "fault"), CELLS)
def test_cell(env, operation, fault):
    cell = run_cell(operation, fault, env)
    assert cell.ok, "\n".join(cell.problems)
    assert (cell.doubled, cell.lost) == (0, 0)
