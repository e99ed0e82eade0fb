"""The one lifecycle of every partner submission: prepare, claim, send, record, reconcile.

Exactly once, by construction:
- the database allows one active submission per order (ready, sending, accepted or unknown);
- a sender claims a submission with a conditional update from `ready` to `sending`, committed before
  any HTTP call, so two workers, a double click or a retried task cannot both send it;
- a call that may have reached the partner without a reply leaves the submission `unknown`, which only
  reconciliation from the partner's own data can settle: nothing is resent blindly;
- a batch-level failure where nothing was processed puts the claimed submissions back to `ready`.
"""

import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string

from backoffice.errors import PartnerError, PartnerOutcomeUnknown, PartnerResponseError
from orders.adapters import Outcome, Problem, adapter_for
from orders.models import Order, Submission
from orders.services.history import order_note, order_set_status, submission_created, submission_set_state

log = logging.getLogger(__name__)
S = Submission.State


class NotSubmittable(Exception):
    def __init__(self, order, problems):
        self.order = order
        self.problems = [p if isinstance(p, Problem) else Problem("", str(p)) for p in problems]
        super().__init__(f"{order.number}: " + "; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Result:
    """What happened to one order in a submit run, for a command's output or an admin message."""

    order_number: str
    state: str  # a Submission.State, or "skipped" / "not_sent"
    message: str

    @property
    def ok(self):
        return self.state in (S.ACCEPTED, S.TEST_OK)

    def __str__(self):
        return f"{self.order_number}: {self.state} – {self.message}"


# Checks beyond the partner's own: each takes an order and returns the Problems that must stop it.
BLOCKERS = ["orders.zonos.selectors.order_zonos_problems"]


def order_blockers(order, adapter) -> list[Problem]:
    """Why `order` cannot get a new submission now (state, an active submission, a hold, missing data)."""
    if order.route != adapter.partner:
        return [Problem("route", f"the order goes to {order.get_route_display()}, not {adapter.label}")]
    if order.status != Order.Status.READY:
        return [Problem("status", f"the order is {order.get_status_display().lower()}")]
    if order.submission_state in (S.SENDING, S.ACCEPTED, S.UNKNOWN):
        return [Problem("submission", f"a submission is already {order.submission_state}")]
    held = [problem for blocker in BLOCKERS for problem in import_string(blocker)(order)]
    return held + adapter.problems(order)


def submission_prepare(*, order, actor, adapter=None) -> Submission:
    """The order's submission in state `ready`: the waiting one, or a new attempt. Raises NotSubmittable."""
    adapter = adapter or adapter_for(order.route)
    try:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order.pk)
            waiting = order.submissions.filter(state=S.READY).first()
            if waiting:
                return waiting
            problems = order_blockers(order, adapter)
            if problems:
                raise NotSubmittable(order, problems)
            attempt = (order.submissions.aggregate(n=Max("attempt"))["n"] or 0) + 1
            submission = Submission.objects.create(
                order=order, partner=adapter.partner, attempt=attempt, reference=adapter.reference(order),
                test_mode=adapter.test_mode, created_by=actor,
            )
            submission_created(submission=submission, actor=actor,
                               note=f"attempt {attempt} prepared, reference {submission.reference}")
            return submission
    except IntegrityError:
        raise NotSubmittable(order, [Problem("submission", "another submission of this order is active")]) from None


def _claim(submission_ids, actor) -> list[Submission]:
    """Takes the submissions that are still `ready`; any taken by someone else are left alone."""
    claimed = []
    for pk in submission_ids:
        with transaction.atomic():
            taken = Submission.objects.filter(pk=pk, state=S.READY).update(
                state=S.SENDING, sending_since=timezone.now()
            )
            if not taken:
                continue
            submission = Submission.objects.select_related("order").get(pk=pk)
            submission.state = S.READY
            submission_set_state(submission=submission, to=S.SENDING, actor=actor, note="claimed for sending")
        claimed.append(submission)
    return claimed


def _issue_dicts(adapter, issues):
    rows = []
    for issue in issues:
        explanation, next_step = adapter.explain(issue)
        rows.append({"code": issue.code, "message": issue.message, "field": issue.field,
                     "explanation": explanation, "next_step": next_step})
    return rows


def _record(adapter, submission, outcome: Outcome, actor):
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("order").get(pk=submission.pk)
        if submission.state not in (S.SENDING, S.UNKNOWN):
            log.warning("Outcome for %s arrived in state %s; ignored", submission, submission.state)
            return submission
        submission_set_state(
            submission=submission, to=outcome.state, actor=actor, note=outcome.message,
            partner_reference=outcome.partner_reference, references=outcome.references,
            errors=_issue_dicts(adapter, outcome.issues), message=outcome.message, finished_at=timezone.now(),
        )
        if outcome.state == S.ACCEPTED:
            order = Order.objects.select_for_update().get(pk=submission.order_id)
            order.partner_reference = outcome.partner_reference
            order.save(update_fields=["partner_reference", "updated_at"])
            order_set_status(order=order, to=Order.Status.SUBMITTED, actor=actor,
                             note=f"accepted by {adapter.label}")
            adapter.accepted(submission, outcome)
        return submission


MAX_RETRIES = 8


def retry_delay(retries, retry_after=None):
    """Capped exponential backoff with jitter: about 1, 2, 4 … minutes, at most an hour; never sooner than the
    partner asked (its Retry-After, in seconds)."""
    ceiling = min(60 * 60, 60 * 2**retries)
    delay = random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security
    return timedelta(seconds=max(delay, retry_after or 0))


def _settle(submission, to, actor, message, *, retryable=False, retry_after=None):
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state != S.SENDING:
            return submission
        retry = {}
        if to == S.READY and retryable and submission.retries < MAX_RETRIES:
            retry = {"retries": submission.retries + 1,
                     "retry_at": timezone.now() + retry_delay(submission.retries, retry_after)}
            when = timezone.localtime(retry["retry_at"])
            at = f"{when:%H:%M}" if when.date() == timezone.localdate() else f"{when:%Y-%m-%d %H:%M}"
            message = f"{message} (tried again automatically at {at})"
        elif to == S.READY:
            retry = {"retry_at": None}
        submission_set_state(submission=submission, to=to, actor=actor, note=message, message=message,
                             errors=[], finished_at=timezone.now() if to == S.UNKNOWN else None, **retry)
        return submission


def submissions_send(*, submission_ids, actor, on_result=None) -> list[Result]:
    """Claims and sends the given submissions, in the partner's batch size, and records every outcome."""
    results = []

    def report(submission, state, message):
        result = Result(submission.order.number, state, message)
        results.append(result)
        if on_result:
            on_result(result)

    claimed = _claim(submission_ids, actor)
    by_partner = {}
    for submission in claimed:
        by_partner.setdefault(submission.partner, []).append(submission)
    for partner, submissions in by_partner.items():
        adapter = adapter_for(partner)
        remaining = list(submissions)
        while remaining:
            batch, remaining = remaining[: adapter.batch_size], remaining[adapter.batch_size :]
            try:
                outcomes = adapter.send(batch)
            except (PartnerOutcomeUnknown, PartnerResponseError) as exc:
                # The partner may have acted on the request: only its own data can tell.
                for submission in batch:
                    _settle(submission, S.UNKNOWN, actor, exc.message)
                    report(submission, S.UNKNOWN, exc.message)
                continue
            except PartnerError as exc:
                # Nothing was processed (login, maintenance, a refused batch): put every claim back.
                message = f"not sent: {exc.message}"
                for submission in batch + remaining:
                    settled = _settle(submission, S.READY, actor, message, retryable=exc.retryable,
                                      retry_after=exc.retry_after)
                    report(submission, "not_sent", settled.message or message)
                break
            except Exception as exc:
                log.exception("Sending to %s failed unexpectedly", partner)
                for submission in batch:
                    message = f"unexpected failure after sending: {type(exc).__name__}; reconcile"
                    _settle(submission, S.UNKNOWN, actor, message)
                    report(submission, S.UNKNOWN, message)
                continue
            for submission in batch:
                outcome = outcomes.get(submission.pk)
                if outcome is None:
                    message = f"{adapter.label}'s reply did not mention this order; reconcile"
                    _settle(submission, S.UNKNOWN, actor, message)
                    report(submission, S.UNKNOWN, message)
                    continue
                _record(adapter, submission, outcome, actor)
                report(submission, outcome.state, outcome.message or "; ".join(str(i) for i in outcome.issues))
    return results


def submissions_retry_due(*, actor, now=None) -> list[Result]:
    """Sends again what a partner could not process earlier (maintenance, overload) once its pause is over."""
    due = Submission.objects.filter(state=S.READY, retry_at__lte=now or timezone.now()).order_by("retry_at")
    return submissions_send(submission_ids=list(due.values_list("pk", flat=True)), actor=actor)


def orders_submit(*, orders, partner, actor, on_result=None) -> list[Result]:
    """Prepares a submission for each order that may be sent, then sends them. The entry point of every
    admin action, command and task that submits orders."""
    adapter = adapter_for(partner)
    results, ready_ids = [], []
    for order in orders:
        try:
            ready_ids.append(submission_prepare(order=order, actor=actor, adapter=adapter).pk)
        except NotSubmittable as exc:
            result = Result(order.number, "skipped", "; ".join(str(p) for p in exc.problems))
            results.append(result)
            if on_result:
                on_result(result)
    return results + submissions_send(submission_ids=ready_ids, actor=actor, on_result=on_result)


def submission_reconcile(*, submission, actor) -> Submission:
    """Settles an `unknown` submission from the partner's own data. Never sends it again by itself."""
    adapter = adapter_for(submission.partner)
    if submission.state != S.UNKNOWN:
        return submission
    try:
        outcome = adapter.reconcile(submission)
    except PartnerError as exc:
        order_note(order_id=submission.order_id, submission=submission, actor=actor,
                   note=f"reconcile: {adapter.label} could not tell ({exc.message})")
        return submission
    if outcome is not None:
        return _record(adapter, submission, outcome, actor)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state == S.UNKNOWN:
            submission_set_state(
                submission=submission, to=S.READY, actor=actor,
                note=f"reconciled: {adapter.label} has no record of it, so it may be sent again",
                message="not received by the partner", finished_at=None,
            )
    return submission


def submissions_sweep_stale(*, older_than, actor) -> int:
    """A worker that died mid-send leaves a claim behind: such submissions become `unknown` and are reconciled."""
    cutoff = timezone.now() - older_than
    count = 0
    for submission in Submission.objects.filter(state=S.SENDING, sending_since__lt=cutoff):
        settled = _settle(submission, S.UNKNOWN, actor, "the sender stopped before recording an outcome; reconcile")
        count += settled.state == S.UNKNOWN
    return count
