"""One line per order for a summary, a job or a message."""

from backoffice.outcomes import DETAIL_DASH, outcome_words, outcomes_summary
from backoffice.stored_texts import in_reader_words

__all__ = ["outcomes_summary", "result_line"]


def result_line(result) -> str:
    """ "A1001: accepted – D-123" for a lifecycle Result, without a dangling dash when there is no message."""
    message = f"{DETAIL_DASH}{in_reader_words(result.message)}" if result.message else ""
    return f"{result.order_number}: {outcome_words(result.state)}{message}"
