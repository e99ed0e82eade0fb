"""The one lifecycle of every partner submission: prepare, claim, send, record, reconcile.

Exactly once, by construction:
- the database allows one active submission per order (ready, sending, accepted or unknown);
- a sender claims each batch just before its call, with a conditional update from `ready` to `sending`
  committed before any HTTP call, so two workers, a double click or a retried task cannot both send it;
- the claim is a lease the sender renews before every request; the sweep takes only expired leases, and a
  sender whose lease was taken stops before its request leaves;
- a call that may have reached the partner without a reply leaves the submission `unknown`, which only
  the partner's own data or a person can settle, and only once the request can no longer arrive late
  (`settle_after`): nothing is resent blindly;
- a batch-level failure where nothing was processed puts the claimed submissions back to `ready`;
- none of it runs inside someone else's transaction (backoffice.transactions).
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string

from backoffice.actors import acting_as
from backoffice.backoff import jittered_backoff
from backoffice.errors import PartnerError, PartnerIssue, PartnerOutcomeUnknown, PartnerResponseError
from backoffice.partner_http import before_each_request
from backoffice.registry import partner_specs
from backoffice.transactions import require_no_transaction
from orders.adapters import LOCAL, Outcome, Problem, adapter_for
from orders.hubs import with_hub_parcels
from orders.models import Order, Submission
from orders.services.cancellations import cancel_claims_sweep
from orders.services.history import order_note, order_set_status, submission_created, submission_set_state
from orders.services.leases import ClaimLost, lease_seconds, settle_after

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




def order_blockers(order, adapter) -> list[Problem]:
    """Why `order` cannot get a new submission now (state, an active submission, a hold, missing data)."""
    if adapter.partner not in order.legs:
        return [Problem("route", f"the order goes to {order.get_route_display()}, not {adapter.label}")]
    leg = order.legs.index(adapter.partner)
    if leg == 0 and order.status != Order.Status.READY:
        return [Problem("status", f"the order is {order.get_status_display().lower()}")]
    if leg > 0:
        problems = _later_leg_blockers(order, adapter)
        if problems:
            return problems
    active = order.submissions.filter(partner=adapter.partner, state__in=Submission.WITH_PARTNER)
    state = active.values_list("state", flat=True).first()
    if state:
        return [Problem("submission", f"a submission is already {state}")]
    # Checks beyond the partner's own (a Zonos hold): each takes an order and returns the Problems that stop it.
    blockers = [blocker for spec in partner_specs() for blocker in spec.blockers]
    held = [problem for blocker in blockers for problem in import_string(blocker)(order)]
    return held + adapter.problems(order)


def _later_leg_blockers(order, adapter) -> list[Problem]:
    """A later leg (MeinEinkauf after InnoCigs) starts once the goods are on their way to its hub."""
    if order.status not in (Order.Status.READY, Order.Status.SUBMITTED):
        return [Problem("status", f"the order is {order.get_status_display().lower()}")]
    if not with_hub_parcels(Order.objects.filter(pk=order.pk), adapter.partner).exists():
        first = adapter_for(order.legs[0]).label
        return [Problem("parcel to the hub", f"waiting for the parcel to the hub: {adapter.label} needs its "
                                             f"tracking, which {first}'s tracking sync records once it ships")]
    return []


def submission_prepare(*, order, actor, adapter=None) -> Submission:
    """The order's submission in state `ready`: the waiting one, or a new attempt. Raises NotSubmittable."""
    adapter = adapter or adapter_for(order.legs[0])
    try:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order.pk)
            waiting = order.submissions.filter(partner=adapter.partner, state=S.READY).first()
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


def _claim(submission_ids, actor, adapter) -> tuple[str, list[Submission]]:
    """Takes the submissions that are still `ready` under one lease; any taken by someone else are left alone."""
    token, claimed = uuid.uuid4().hex, []
    for pk in submission_ids:
        with transaction.atomic():
            now = timezone.now()
            taken = Submission.objects.filter(pk=pk, state=S.READY).update(
                state=S.SENDING, sending_since=now, claim_token=token,
                lease_until=now + timedelta(seconds=lease_seconds(adapter)),
            )
            if not taken:
                continue
            submission = Submission.objects.select_related("order").get(pk=pk)
            submission.state = S.READY
            submission_set_state(submission=submission, to=S.SENDING, actor=actor, note="claimed for sending")
        claimed.append(submission)
    return token, claimed


def _lease_keeper(submissions, token, adapter):
    """Renews the batch's lease before each request; stops the request when the sweep has taken a claim."""
    ids = [submission.pk for submission in submissions]

    def renew(config):
        until = timezone.now() + timedelta(seconds=lease_seconds(adapter))
        kept = Submission.objects.filter(pk__in=ids, state=S.SENDING, claim_token=token).update(lease_until=until)
        if kept != len(ids):
            raise ClaimLost(f"{len(ids) - kept} of {len(ids)} claims were taken by the sweep")

    return renew


def issue_rows(adapter, issues, details=None):
    """A submission's stored errors: each partner issue as it came, with the adapter's explanation and next step
    (read from the issue and its outcome's `details`)."""
    rows = []
    for issue in issues:
        explanation, next_step = adapter.explain(issue, details or {})
        rows.append({"code": issue.code, "message": issue.message, "field": issue.field,
                     "explanation": explanation, "next_step": next_step})
    return rows


def _record(adapter, submission, outcome: Outcome, actor):
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("order").get(pk=submission.pk)
        if submission.state not in (S.SENDING, S.UNKNOWN):
            log.warning("Outcome for %s arrived in state %s; ignored", submission, submission.state)
            return submission
        # A reply came, so the request has arrived: nothing of it can arrive later.
        submission_set_state(
            submission=submission, to=outcome.state, actor=actor, note=outcome.message,
            partner_reference=outcome.partner_reference, references=outcome.references,
            errors=issue_rows(adapter, outcome.issues, outcome.details), message=outcome.message,
            finished_at=timezone.now(),
            lease_until=None, settle_after=timezone.now() if outcome.state == S.UNKNOWN else None,
            needs_person=False,
        )
        if outcome.state == S.ACCEPTED:
            order = Order.objects.select_for_update().get(pk=submission.order_id)
            order.partner_reference = outcome.partner_reference
            order.save(update_fields=["partner_reference", "updated_at"])
            order_set_status(order=order, to=Order.Status.SUBMITTED, actor=actor,
                             note=f"accepted by {adapter.label}")
            adapter.accepted(submission, outcome, actor)
        return submission


MAX_RETRIES = 8


def retry_delay(retries, retry_after=None):
    """Capped exponential backoff with jitter: about 1, 2, 4 … minutes, at most an hour; never sooner than the
    partner asked (its Retry-After, in seconds)."""
    delay = jittered_backoff(retries, base=60, cap=60 * 60)
    return timedelta(seconds=max(delay, retry_after or 0))


def _settle(submission, to, actor, message, *, exc=None, token=None, late_until=None):
    """Ends a claim without a reply from the partner: back to `ready` (retried later when the failure `exc`
    allows it), or `unknown` until `late_until` has passed. With `token`, only while the claim is that sender's."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state != S.SENDING or (token and submission.claim_token != token):
            return submission
        retry = {}
        if to == S.READY:
            message, retry = _retry_fields(submission, message, exc)
        unknown = to == S.UNKNOWN
        submission_set_state(submission=submission, to=to, actor=actor, note=message, message=message,
                             errors=[], finished_at=timezone.now() if unknown else None, lease_until=None,
                             settle_after=late_until if unknown else None, **retry)
        return submission


def submissions_send(*, submission_ids, actor, on_result=None) -> list[Result]:
    """Claims and sends the given submissions, batch by batch in the partner's batch size, and records every
    outcome. Each batch is claimed just before its request, so a submission waits as `ready`, not as a claim."""
    require_no_transaction("Sending orders")
    results = []

    def report(submission, state, message):
        result = Result(submission.order.number, state, message)
        results.append(result)
        if on_result:
            on_result(result)

    by_partner = {}
    for pk, partner in Submission.objects.filter(pk__in=submission_ids).order_by("pk").values_list("pk", "partner"):
        by_partner.setdefault(partner, []).append(pk)
    for partner, ids in by_partner.items():
        with acting_as(actor):  # the audit of every exchange names who sent it
            _send_all(adapter_for(partner), ids, actor, report)
    return results


def _send_all(adapter, remaining, actor, report):
    """Sends one partner's submissions, batch by batch, until done or the partner refuses the whole run."""
    while remaining:
        wanted, remaining = remaining[: adapter.batch_size], remaining[adapter.batch_size :]
        token, batch = _claim(wanted, actor, adapter)
        if not batch:
            continue
        refusal = _send_batch(adapter, batch, token, actor, report)
        if refusal is not None:
            for pk in remaining:  # nothing was processed: the rest would meet the same refusal
                postponed = _postpone(pk, actor, refusal)
                if postponed is not None:
                    report(postponed, "not_sent", postponed.message)
            break


def _retry_fields(submission, message, exc):
    """A later automatic try after a partner processed nothing, when the failure allows one."""
    if exc is not None and exc.retryable and submission.retries < MAX_RETRIES:
        retry_at = timezone.now() + retry_delay(submission.retries, exc.retry_after)
        when = timezone.localtime(retry_at)
        at = f"{when:%H:%M}" if when.date() == timezone.localdate() else f"{when:%Y-%m-%d %H:%M}"
        return f"{message} (tried again automatically at {at})", {"retries": submission.retries + 1,
                                                                 "retry_at": retry_at}
    return message, {"retry_at": None}


def _postpone(pk, actor, exc):
    """A `ready` submission not sent because the partner refused the whole run: it waits for the same retry."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("order").get(pk=pk)
        if submission.state != S.READY:
            return None
        message, fields = _retry_fields(submission, f"not sent: {exc.message}", exc)
        Submission.objects.filter(pk=pk).update(message=message, **fields)
        order_note(order_id=submission.order_id, submission=submission, actor=actor, note=message)
        submission.message = message
        return submission


def _recheck(adapter, batch, actor, report) -> list[Submission]:
    """The orders of a claimed batch may have changed since they were prepared: each is checked again against
    the partner's rules, still before any call. One that fails is refused with its problems, and not sent."""
    orders = Order.objects.select_related("shipping_address", "billing_address").prefetch_related("lines")
    fresh = orders.in_bulk([submission.order_id for submission in batch])
    sendable = []
    for submission in batch:
        submission.order = fresh[submission.order_id]
        problems = adapter.problems(submission.order)
        if not problems:
            sendable.append(submission)
            continue
        outcome = Outcome(S.REFUSED, issues=tuple(PartnerIssue(LOCAL, p.message, p.field) for p in problems),
                          message="not sent: " + "; ".join(str(p) for p in problems))
        _record(adapter, submission, outcome, actor)
        report(submission, S.REFUSED, outcome.message)
    return sendable


def _send_batch(adapter, batch, token, actor, report) -> PartnerError | None:
    """Sends one claimed batch and records each outcome. Returns the partner's error when it processed nothing
    and the rest of the run should wait for the same retry."""
    batch = _recheck(adapter, batch, actor, report)
    if not batch:
        return None
    late_until = None
    try:
        with before_each_request(_lease_keeper(batch, token, adapter)):
            outcomes = adapter.send(batch)
    except ClaimLost as exc:
        # The sweep judged this sender dead; what it took is its own now, and nothing more leaves from here.
        log.warning("Sending to %s stopped: %s", adapter.partner, exc)
        late_until = settle_after(adapter)
        for submission in batch:
            settled = _settle(submission, S.UNKNOWN, actor, "the sender lost its claim before sending; reconcile",
                              token=token, late_until=late_until)
            report(submission, S.UNKNOWN, settled.message)
        return None
    except (PartnerOutcomeUnknown, PartnerResponseError) as exc:
        # The partner may have acted on the request: only its own data can tell, once nothing can arrive late.
        late_until = settle_after(adapter)
        for submission in batch:
            _settle(submission, S.UNKNOWN, actor, exc.message, token=token, late_until=late_until)
            report(submission, S.UNKNOWN, exc.message)
        return None
    except PartnerError as exc:
        # Nothing was processed (login, maintenance, a refused batch): put every claim back.
        message = f"not sent: {exc.message}"
        for submission in batch:
            settled = _settle(submission, S.READY, actor, message, exc=exc, token=token)
            report(submission, "not_sent", settled.message or message)
        return exc
    except Exception as exc:
        log.exception("Sending to %s failed unexpectedly", adapter.partner)
        late_until = settle_after(adapter)
        for submission in batch:
            message = f"unexpected failure after sending: {type(exc).__name__}; reconcile"
            _settle(submission, S.UNKNOWN, actor, message, token=token, late_until=late_until)
            report(submission, S.UNKNOWN, message)
        return None
    for submission in batch:
        outcome = outcomes.get(submission.pk)
        if outcome is None:
            message = f"{adapter.label}'s reply did not mention this order; reconcile"
            _settle(submission, S.UNKNOWN, actor, message, token=token, late_until=timezone.now())
            report(submission, S.UNKNOWN, message)
            continue
        _record(adapter, submission, outcome, actor)
        report(submission, outcome.state, outcome.message or "; ".join(str(i) for i in outcome.issues))
    return None


def next_leg_queue(*, order, actor) -> Submission | None:
    """Queues the next leg of an order whose goods are on their way to that partner's hub (a Swiss order's
    MeinEinkauf registration once InnoCigs ships): a ready submission due now, which the retry schedule sends
    through the same lifecycle as any other. Problems that stop it are noted on the order instead."""
    if not order.goes_via_hub:
        return None
    adapter = adapter_for(order.legs[-1])
    try:
        submission = submission_prepare(order=order, actor=actor, adapter=adapter)
    except NotSubmittable as exc:
        order_note(order_id=order.pk, actor=actor, note=f"{adapter.label} not queued: "
                                                        + "; ".join(str(p) for p in exc.problems))
        return None
    Submission.objects.filter(pk=submission.pk, state=S.READY, retry_at__isnull=True).update(retry_at=timezone.now())
    return submission


def submissions_retry_due(*, actor, now=None) -> list[Result]:
    """Sends again what a partner could not process earlier (maintenance, overload) once its pause is over."""
    due = Submission.objects.filter(state=S.READY, retry_at__lte=now or timezone.now()).order_by("retry_at")
    return submissions_send(submission_ids=list(due.values_list("pk", flat=True)), actor=actor)


def order_hold_record(*, order, problems):
    """Keeps why a submit run held `order` back, in words (no field names), for its page and the inbox."""
    reason = "; ".join(p.message for p in problems)
    if order.is_open():
        Order.objects.filter(pk=order.pk).update(hold_reason=reason, hold_checked_at=timezone.now())


def order_hold_clear(*, order):
    Order.objects.filter(pk=order.pk).exclude(hold_reason="").update(hold_reason="", hold_checked_at=None)


def orders_submit(*, orders, partner, actor, on_result=None) -> list[Result]:
    """Prepares a submission for each order that may be sent, then sends them. The entry point of every
    admin action, command and task that submits orders."""
    require_no_transaction("Submitting orders")
    adapter = adapter_for(partner)
    results, ready_ids = [], []
    for order in orders:
        try:
            ready_ids.append(submission_prepare(order=order, actor=actor, adapter=adapter).pk)
            order_hold_clear(order=order)
        except NotSubmittable as exc:
            order_hold_record(order=order, problems=exc.problems)
            result = Result(order.number, "skipped", "; ".join(str(p) for p in exc.problems))
            results.append(result)
            if on_result:
                on_result(result)
    return results + submissions_send(submission_ids=ready_ids, actor=actor, on_result=on_result)


def submission_reconcile(*, submission, actor, now=None) -> Submission:
    """Settles an `unknown` submission from the partner's own data. Never sends it again by itself.

    Before `settle_after` it does nothing: the request may still reach the partner. Where the partner's data
    cannot prove that it never arrived (`adapter.absence_is_proof` false), "not found" leaves it unknown and
    marks it for a person, who decides on the order page."""
    require_no_transaction("Reconciling a submission")
    adapter = adapter_for(submission.partner)
    if submission.state != S.UNKNOWN or not submission_settleable(submission, now=now):
        return submission
    try:
        with acting_as(actor):
            outcome = adapter.reconcile(submission)
    except PartnerError as exc:
        order_note(order_id=submission.order_id, submission=submission, actor=actor,
                   note=f"reconcile: {adapter.label} could not tell ({exc.message})")
        return submission
    if outcome is not None:
        return _record(adapter, submission, outcome, actor)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state != S.UNKNOWN:
            return submission
        if not adapter.absence_is_proof:
            if not submission.needs_person:
                message = (f"{adapter.label} shows no record of it, but that does not prove it never arrived: "
                           "decide on the order page")
                order_note(order_id=submission.order_id, submission=submission, actor=actor, note=message)
                Submission.objects.filter(pk=submission.pk).update(needs_person=True, message=message)
                submission.needs_person, submission.message = True, message
            return submission
        submission_set_state(
            submission=submission, to=S.READY, actor=actor,
            note=f"reconciled: {adapter.label} has no record of it, so it may be sent again",
            message="not received by the partner", finished_at=None, settle_after=None,
        )
    return submission


def submission_settleable(submission, *, now=None) -> bool:
    """True once a request that got no reply can no longer reach the partner."""
    return submission.settle_after is None or submission.settle_after <= (now or timezone.now())


class NotYet(Exception):
    """A person tried to decide before the request could no longer arrive."""


def submission_release(*, submission, actor, note, now=None) -> Submission:
    """A person decided that the partner never received the submission: the order may be sent again."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state != S.UNKNOWN:
            return submission
        if not submission_settleable(submission, now=now):
            at = timezone.localtime(submission.settle_after)
            raise NotYet(f"the request may still reach the partner until {at:%Y-%m-%d %H:%M}; decide after that")
        why = f": {note}" if note else ""
        submission_set_state(
            submission=submission, to=S.READY, actor=actor, note=f"a person decided the partner never received "
            f"it{why}", message="not received by the partner (decided by a person)", finished_at=None,
            settle_after=None, needs_person=False,
        )
    return submission


def submissions_sweep_stale(*, actor, now=None) -> int:
    """A sender that died mid-send leaves a claim whose lease runs out: such submissions become `unknown`, to
    be reconciled once a request it may have sent can no longer arrive. A dead cancellation's claim is given
    back (orders.services.cancellations)."""
    now = now or timezone.now()
    count = 0
    for submission in Submission.objects.filter(state=S.SENDING, lease_until__lt=now):
        late_until = settle_after(adapter_for(submission.partner), now)
        settled = _settle(submission, S.UNKNOWN, actor, "the sender stopped before recording an outcome; reconcile",
                          token=submission.claim_token, late_until=late_until)
        count += settled.state == S.UNKNOWN
    return count + cancel_claims_sweep(actor=actor, now=now)
