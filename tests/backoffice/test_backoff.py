"""The one backoff: doubles per attempt up to its cap, in the upper half of each step."""

import pytest

from backoffice.backoff import jittered_backoff
from orders.services.submissions import retry_delay


@pytest.mark.parametrize(("attempt", "low", "high"), [(0, 0.5, 1), (1, 1, 2), (3, 4, 8), (10, 15, 30)])
def test_jittered_backoff_doubles_up_to_the_cap(attempt, low, high):
    waits = {jittered_backoff(attempt, base=1, cap=30) for _ in range(50)}
    assert all(low <= wait <= high for wait in waits)
    assert len(waits) > 1  # jittered: not one fixed wait


def test_an_order_is_retried_within_an_hour_but_never_before_the_partner_asked():
    assert all(30 * 60 <= retry_delay(20).total_seconds() <= 60 * 60 for _ in range(20))
    assert retry_delay(0, retry_after=600).total_seconds() == 600
