"""Sending claimed submissions, run by run, and turning what happened into outcomes.

One request of the partner carries a batch (25 dropships over InnoCigs' XML API, one order over its REST API and
to the couriers). A run is claimed in one conditional update and checked again in one load of its orders, lines
and the partner's checks: one batch for a partner that takes many orders a request, CLAIM_RUN one-order requests
otherwise. Then, batch by batch, the claim is marked "request left" (committed before the call), the request
goes under the batch's lease, and its reply is recorded before the next request leaves. A sender that dies
leaves at most one request to reconcile: the claims of its run whose request never left go back to `ready`.
"""

import logging
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.actors import acting_as
from backoffice.errors import PartnerError, PartnerIssue, PartnerOutcomeUnknown, PartnerResponseError
from backoffice.partner_http import before_each_request
from backoffice.transactions import require_no_transaction
from orders.adapters import LOCAL, NOT_SENT, Outcome, adapter_for, problems_text
from orders.models import Order, Submission
from orders.services.claiming import RunLease, submissions_claim
from orders.services.leases import ClaimLost, settle_after
from orders.services.recording import claimed_outcome_record, outcomes_record
from orders.services.settling import claim_settle, submission_postpone

log = logging.getLogger("orders.services.submissions")
S = Submission.State
CLAIM_RUN = 25  # one-order requests claimed together (a job's page moves by as many: orders.tasks.JOB_STEP)


@dataclass(frozen=True)
class Result:
    """What happened to one order in a submit run, for a command's output or an admin message."""

    order_number: str
    state: str  # a Submission.State, or "skipped" / "not_sent"
    message: str
    order_id: int | None = None

    @property
    def ok(self):
        return self.state in (S.ACCEPTED, S.TEST_OK)

    def __str__(self):
        return f"{self.order_number}: {self.state} – {self.message}"


class _Report:
    """Collects a batch's results and hands them on once its outcomes are written."""

    def __init__(self, on_result, on_results):
        self.results, self.pending = [], []
        self.on_result, self.on_results = on_result, on_results

    def __call__(self, submission, state, message):
        self.pending.append(Result(submission.order.number, state, message, submission.order_id))

    def flush(self):
        batch, self.pending = self.pending, []
        self.results += batch
        for result in batch:
            if self.on_result:
                self.on_result(result)
        if batch and self.on_results:
            self.on_results(batch)


def submissions_send(*, submission_ids, actor, on_result=None, on_results=None) -> list[Result]:
    """Claims and sends the given submissions, batch by batch in the partner's batch size, and records every
    outcome. `on_result` hears of each result, `on_results` of each batch's results together."""
    require_no_transaction("Sending orders")
    report = _Report(on_result, on_results)
    by_partner = {}
    for pk, partner in Submission.objects.filter(pk__in=submission_ids).order_by("pk").values_list("pk", "partner"):
        by_partner.setdefault(partner, []).append(pk)
    for partner, ids in by_partner.items():
        with acting_as(actor):  # the audit of every exchange names who sent it
            _send_all(adapter_for(partner), ids, actor, report)
    return report.results


def _send_all(adapter, remaining, actor, report):
    """Sends one partner's submissions, run by run, until done or the partner refuses the whole run."""
    run_size = adapter.batch_size if adapter.batch_size > 1 else CLAIM_RUN
    while remaining:
        wanted, remaining = remaining[:run_size], remaining[run_size:]
        token, claimed = submissions_claim(submission_ids=wanted, actor=actor, adapter=adapter)
        if not claimed:
            continue
        try:
            refusal = _send_run(adapter, claimed, token, actor, report)
        finally:
            report.flush()
        if refusal is not None:
            for pk in remaining:  # nothing was processed: the rest would meet the same refusal
                postponed = submission_postpone(pk, actor, refusal)
                if postponed is not None:
                    report(postponed, "not_sent", postponed.message)
            report.flush()
            break


def _send_run(adapter, claimed, token, actor, report) -> PartnerError | None:
    """Sends a claimed run batch by batch, each reply recorded before the next request. Returns the partner's
    error when it processed nothing: the run's other claims are put back, and the rest waits for the retry."""
    lease = RunLease(adapter, token, claimed)
    sendable = _recheck(adapter, claimed, actor, report)
    for start in range(0, len(sendable), adapter.batch_size):
        batch = sendable[start:start + adapter.batch_size]
        following = sendable[start + adapter.batch_size:start + 2 * adapter.batch_size]
        lease.keep_waiting()
        if not lease.mark_left(batch):
            _give_back(batch, token, actor, report, N_("the claim ran out before its request left"))
            continue
        # The next batch is marked left with this one's record: one commit for both, just before it leaves.
        mark_next = (lambda following=following: lease.mark_with_record(following)) if following else None
        refusal = _send_batch(adapter, batch, token, actor, report, lease, then=mark_next)
        if refusal is not None:
            _give_back(sendable[start + adapter.batch_size:], token, actor, report, refusal.message, exc=refusal)
            return refusal
    return None


def _give_back(submissions, token, actor, report, reason, exc=None):
    """Claims whose request never left, put back to `ready` (those still this sender's)."""
    message = NOT_SENT % {"reason": reason}
    for submission in submissions:
        settled = claim_settle(submission, S.READY, actor, message, exc=exc, token=token)
        report(submission, "not_sent", settled.message or message)


def _recheck(adapter, claimed, actor, report) -> list[Submission]:
    """The orders of a claimed batch may have changed since they were prepared: each is checked again against
    the partner's rules, still before any call. One that fails is refused with its problems, and not sent."""
    orders = Order.objects.select_related("shipping_address", "billing_address").prefetch_related("lines")
    fresh = orders.in_bulk([submission.order_id for submission in claimed])
    for submission in claimed:
        submission.order = fresh[submission.order_id]
    problems = adapter.problems_many(fresh.values())
    sendable, refused = [], []
    for submission in claimed:
        found = problems[submission.order_id]
        if not found:
            sendable.append(submission)
            continue
        refused.append((submission, Outcome(
            S.REFUSED, issues=tuple(PartnerIssue(LOCAL, p.message, p.field) for p in found),
            message=NOT_SENT % {"reason": problems_text(found)})))
    outcomes_record(adapter, refused, actor)
    for submission, outcome in refused:
        report(submission, S.REFUSED, outcome.message)
    return sendable


def _send_batch(adapter, batch, token, actor, report, lease, then=None) -> PartnerError | None:
    """Sends one batch marked left and records each outcome; `then` runs inside the transaction that records a
    one-order reply (the next batch's mark). Returns the partner's error when it processed nothing and the rest of
    the run should wait for the same retry."""
    try:
        try:
            with before_each_request(lease.keeper(batch)):
                outcomes = adapter.send(batch)
        finally:
            # The earlier batches' results go out once this request has: between a mark and its request, nothing.
            report.flush()
    except ClaimLost as exc:
        # The sweep judged this sender dead; what it took is its own now, and nothing more leaves from here.
        log.warning("Sending to %s stopped: %s", adapter.partner, exc)
        late_until = settle_after(adapter)
        for submission in batch:
            settled = claim_settle(submission, S.UNKNOWN, actor, "the sender lost its claim before sending; "
                                   "reconcile", token=token, late_until=late_until)
            report(submission, S.UNKNOWN, settled.message)
        return None
    except (PartnerOutcomeUnknown, PartnerResponseError) as exc:
        # The partner may have acted on the request: only its own data can tell, once nothing can arrive late.
        late_until = settle_after(adapter)
        for submission in batch:
            claim_settle(submission, S.UNKNOWN, actor, exc.message, token=token, late_until=late_until)
            report(submission, S.UNKNOWN, exc.message)
        return None
    except PartnerError as exc:
        # Nothing was processed (login, maintenance, a refused batch): put every claim back.
        message = NOT_SENT % {"reason": exc.message}
        for submission in batch:
            settled = claim_settle(submission, S.READY, actor, message, exc=exc, token=token)
            report(submission, "not_sent", settled.message or message)
        return exc
    except Exception as exc:
        log.exception("Sending to %s failed unexpectedly", adapter.partner)
        late_until = settle_after(adapter)
        for submission in batch:
            message = N_("unexpected failure after sending: %(error)s; reconcile") % {"error": type(exc).__name__}
            claim_settle(submission, S.UNKNOWN, actor, message, token=token, late_until=late_until)
            report(submission, S.UNKNOWN, message)
        return None
    replied = [(submission, outcomes[submission.pk]) for submission in batch if submission.pk in outcomes]
    if len(replied) == 1:
        claimed_outcome_record(adapter, *replied[0], actor, token=token, then=then)
    else:
        outcomes_record(adapter, replied, actor)  # the whole reply in one transaction, before the next request
    for submission in batch:
        outcome = outcomes.get(submission.pk)
        if outcome is None:
            message = f"{adapter.label}'s reply did not mention this order; reconcile"
            claim_settle(submission, S.UNKNOWN, actor, message, token=token, late_until=timezone.now())
            report(submission, S.UNKNOWN, message)
            continue
        report(submission, outcome.state, outcome.message or "; ".join(str(i) for i in outcome.issues))
    return None


def submissions_retry_due(*, actor, now=None) -> list[Result]:
    """Sends again what a partner could not process earlier (maintenance, overload) once its pause is over."""
    due = Submission.objects.filter(state=S.READY, retry_at__lte=now or timezone.now()).order_by("retry_at")
    return submissions_send(submission_ids=list(due.values_list("pk", flat=True)), actor=actor)
