"""Counting what happened to many orders, in one line for a summary, a job or a message."""

from collections import Counter


def outcomes_summary(states, *, empty="nothing to do") -> str:
    """ "3 accepted, 1 refused, 2 skipped", most frequent first."""
    counts = Counter(states)
    if not counts:
        return empty
    return ", ".join(f"{count} {state.replace('_', ' ')}" for state, count in counts.most_common())


def result_line(result) -> str:
    """ "A1001: accepted – D-123" for a lifecycle Result, without a dangling dash when there is no message."""
    message = f" – {result.message}" if result.message else ""
    return f"{result.order_number}: {result.state.replace('_', ' ')}{message}"
