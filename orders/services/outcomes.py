"""Counting what happened to many orders, in one line for a summary, a job or a message."""

from collections import Counter


def outcomes_summary(states, *, empty="nothing to do") -> str:
    """ "3 accepted, 1 refused, 2 skipped", most frequent first."""
    counts = Counter(states)
    if not counts:
        return empty
    return ", ".join(f"{count} {state.replace('_', ' ')}" for state, count in counts.most_common())
