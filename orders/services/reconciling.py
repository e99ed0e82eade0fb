"""Settling submissions whose outcome is unknown, from the partner's own data (never by sending again)."""

from dataclasses import dataclass

from backoffice.jobs import stale_after
from orders.models import Submission
from orders.selectors import unknown_submissions
from orders.services.submissions import submission_reconcile, submissions_sweep_stale

S = Submission.State

MESSAGES = {
    S.ACCEPTED: "the partner has it: accepted",
    S.REFUSED: "the partner refused it",
    S.READY: "the partner has no record of it: it may be submitted again",
    S.UNKNOWN: "still unknown: the partner could not tell now; the next run tries again",
}


@dataclass(frozen=True)
class Settled:
    order_number: str
    partner: str
    state: str
    message: str

    @property
    def ok(self):
        return self.state != S.UNKNOWN

    def __str__(self):
        return f"{self.order_number} ({self.partner}): {self.state} – {self.message}"


def submissions_reconcile(*, actor, partner=None, submission_ids=None, on_result=None) -> list[Settled]:
    """Turns stale `sending` claims into `unknown`, then reconciles every unknown submission (or the given ones).

    A claim older than the queue's time limit plus Q_STALE_MARGIN belongs to a sender that died."""
    submissions_sweep_stale(older_than=stale_after(), actor=actor)
    submissions = unknown_submissions(partner=partner)
    if submission_ids is not None:
        submissions = submissions.filter(pk__in=submission_ids)
    results = []
    for submission in submissions:
        try:
            settled = submission_reconcile(submission=submission, actor=actor)
            result = Settled(submission.order.number, submission.partner, settled.state,
                             MESSAGES.get(settled.state, settled.get_state_display()))
        except (ImportError, NotImplementedError):
            result = Settled(submission.order.number, submission.partner, S.UNKNOWN,
                             f"nothing can read {submission.partner}'s data yet: settle it by hand")
        results.append(result)
        if on_result:
            on_result(result)
    return results
