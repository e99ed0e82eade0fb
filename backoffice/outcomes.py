"""What happened to each of many items, in words: "3 accepted, 1 refused, 2 skipped" for a summary, a job's page or
a message. The states are the lifecycle's and the jobs' own; a state not listed here reads as its name."""

from collections import Counter

from django.utils.translation import gettext, pgettext_lazy

# pgettext: these are outcomes of one item ("1 accepted"), not the states' labels on a page.
OUTCOME_WORDS = {
    "ready": pgettext_lazy("outcome", "ready"),
    "sending": pgettext_lazy("outcome", "sending"),
    "accepted": pgettext_lazy("outcome", "accepted"),
    "refused": pgettext_lazy("outcome", "refused"),
    "unknown": pgettext_lazy("outcome", "unknown"),
    "test_ok": pgettext_lazy("outcome", "validated in test mode"),
    "cancelled": pgettext_lazy("outcome", "cancelled"),
    "skipped": pgettext_lazy("outcome", "skipped"),
    "not_sent": pgettext_lazy("outcome", "not sent"),
}


# Between an item's outcome and what the partner said: "A1001: accepted – D-123".
DETAIL_DASH = " – "


def outcome_words(state) -> str:
    return str(OUTCOME_WORDS.get(state, str(state).replace("_", " ")))


def outcomes_summary(states, *, empty=None) -> str:
    """ "3 accepted, 1 refused, 2 skipped", most frequent first, in the active language."""
    counts = Counter(states)
    if not counts:
        return empty if empty is not None else gettext("nothing to do")
    return ", ".join(f"{count} {outcome_words(state)}" for state, count in counts.most_common())
