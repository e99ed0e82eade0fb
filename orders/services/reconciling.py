"""Settling submissions whose outcome is unknown, from the partner's own data (never by sending again)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.words import when
from orders.models import Submission
from orders.selectors import unknown_submissions
from orders.services.submissions import submission_reconcile, submission_settleable, submissions_sweep_stale

S = Submission.State

# Stored in a job's lines in English; said in the reader's language where they are shown.
MESSAGES = {
    S.ACCEPTED: N_("the partner has it: accepted"),
    S.REFUSED: N_("the partner refused it"),
    S.READY: N_("the partner has no record of it: it may be submitted again"),
    S.UNKNOWN: N_("still unknown: the partner could not tell now; the next run tries again"),
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
        return N_("%(order)s (%(partner)s): %(state)s – %(message)s") % {
            "order": self.order_number, "partner": self.partner, "state": self.state, "message": self.message}


def _message(settled, now):
    if settled.state == S.UNKNOWN and not submission_settleable(settled, now=now):
        return N_("waiting until %(time)s: until then the request may still reach the partner") % {
            "time": when(settled.settle_after)}
    if settled.state == S.UNKNOWN and settled.needs_person:
        return settled.message
    return MESSAGES.get(settled.state, settled.get_state_display())


def submissions_reconcile(*, actor, partner=None, submission_ids=None, on_result=None, now=None) -> list[Settled]:
    """Turns claims whose lease ran out into `unknown`, then reconciles every unknown submission (or the given
    ones) whose request can no longer arrive late."""
    now = now or timezone.now()
    submissions_sweep_stale(actor=actor, now=now)
    submissions = unknown_submissions(partner=partner)
    if submission_ids is not None:
        submissions = submissions.filter(pk__in=submission_ids)
    results = []
    for submission in submissions:
        try:
            settled = submission_reconcile(submission=submission, actor=actor, now=now)
            result = Settled(submission.order.number, submission.partner, settled.state, _message(settled, now))
        except NotImplementedError:  # an adapter with no lookup
            result = Settled(submission.order.number, submission.partner, S.UNKNOWN,
                             N_("nothing can read %(partner)s's data yet: settle it by hand") % {
                                 "partner": submission.partner})
        results.append(result)
        if on_result:
            on_result(result)
    return results
