"""How long to wait before trying again: one capped exponential backoff with jitter for every retry."""

import random


def jittered_backoff(attempt, *, base, cap) -> float:
    """Seconds to wait after failure number `attempt` (0 for the first): `base` doubled per attempt, at most
    `cap`, and a random point in its upper half, so callers that failed together do not retry together."""
    ceiling = min(cap, base * 2**attempt)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security
