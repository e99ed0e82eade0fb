"""Settling what got no reply: claims put back to `ready` (retried later when the failure allows), unknown
outcomes reconciled from the partner's own data or decided by a person, and the sweep of dead senders' claims."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.actors import acting_as
from backoffice.backoff import jittered_backoff
from backoffice.errors import PartnerError
from backoffice.transactions import require_no_transaction
from backoffice.words import when
from orders.adapters import NOT_SENT, adapter_for
from orders.models import Order, OrderEvent, Submission
from orders.services.cancellations import cancel_claims_sweep
from orders.services.history import order_note, submission_set_state
from orders.services.leases import settle_after
from orders.services.recording import outcome_record

S = Submission.State
MAX_RETRIES = 8


def retry_delay(retries, retry_after=None):
    """Capped exponential backoff with jitter: about 1, 2, 4 … minutes, at most an hour; never sooner than the
    partner asked (its Retry-After, in seconds)."""
    delay = jittered_backoff(retries, base=60, cap=60 * 60)
    return timedelta(seconds=max(delay, retry_after or 0))


def retry_fields(submission, message, exc):
    """A later automatic try after a partner processed nothing, when the failure allows one."""
    if exc is not None and exc.retryable and submission.retries < MAX_RETRIES:
        retry_at = timezone.now() + retry_delay(submission.retries, exc.retry_after)
        return f"{message} (tried again automatically at {when(retry_at)})", {"retries": submission.retries + 1,
                                                                 "retry_at": retry_at}
    return message, {"retry_at": None}


def claim_settle(submission, to, actor, message, *, exc=None, token=None, late_until=None):
    """Ends a claim without a reply from the partner: back to `ready` (retried later when the failure `exc`
    allows it), or `unknown` until `late_until` has passed. With `token`, only while the claim is that sender's."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state != S.SENDING or (token and submission.claim_token != token):
            return submission
        retry = {}
        if to == S.READY:
            message, retry = retry_fields(submission, message, exc)
        unknown = to == S.UNKNOWN
        submission_set_state(submission=submission, to=to, actor=actor, note=message, message=message,
                             errors=[], finished_at=timezone.now() if unknown else None, lease_until=None,
                             settle_after=late_until if unknown else None, **retry)
        return submission


def submission_postpone(pk, actor, exc):
    """A `ready` submission not sent because the partner refused the whole run: it waits for the same retry."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("order").get(pk=pk)
        if submission.state != S.READY:
            return None
        message, fields = retry_fields(submission, NOT_SENT % {"reason": exc.message}, exc)
        Submission.objects.filter(pk=pk).update(message=message, **fields)
        order_note(order_id=submission.order_id, submission=submission, actor=actor, note=message)
        submission.message = message
        return submission


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
                   note=N_("reconcile: %(partner)s could not tell (%(reason)s)") % {
                       "partner": adapter.label, "reason": exc.message})
        return submission
    if outcome is not None:
        return outcome_record(adapter, submission, outcome, actor)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state != S.UNKNOWN:
            return submission
        if not adapter.absence_is_proof:
            if not submission.needs_person:
                message = N_("%(partner)s shows no record of it, but that does not prove it never arrived: decide "
                             "on the order page") % {"partner": adapter.label}
                order_note(order_id=submission.order_id, submission=submission, actor=actor, note=message)
                Submission.objects.filter(pk=submission.pk).update(needs_person=True, message=message)
                submission.needs_person, submission.message = True, message
            return submission
        submission_set_state(
            submission=submission, to=S.READY, actor=actor,
            note=N_("reconciled: %(partner)s has no record of it, so it may be sent again") % {
                "partner": adapter.label},
            message=N_("not received by the partner"), finished_at=None, settle_after=None,
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
            raise NotYet(N_("the request may still reach the partner until %(time)s; decide after that") % {
                "time": when(submission.settle_after)})
        decided = N_("a person decided the partner never received it")
        submission_set_state(
            submission=submission, to=S.READY, actor=actor,
            note=N_("%(decision)s: %(note)s") % {"decision": decided, "note": note} if note else decided,
            message=N_("not received by the partner (decided by a person)"), finished_at=None,
            settle_after=None, needs_person=False,
        )
    return submission


UNSENT = N_("the sender stopped before this request left; nothing was sent, so it is sent again")


def claim_unsent_release(submission, actor, now) -> bool:
    """Gives a claim whose lease ran out before its request left back to `ready`, due at once: nothing was sent.
    One conditional update, so a sender that marks the request left at the same moment either wins (and the
    claim is swept as sent) or finds its claim gone (and sends nothing)."""
    with transaction.atomic():
        released = Submission.objects.filter(
            pk=submission.pk, state=S.SENDING, claim_token=submission.claim_token, request_left=False,
            lease_until__lt=now,
        ).update(state=S.READY, lease_until=None, retry_at=now, message=UNSENT)
        if released:
            OrderEvent.objects.create(order_id=submission.order_id, submission=submission, from_state=S.SENDING,
                                      to_state=S.READY, actor=actor, note=UNSENT)
            Order.objects.filter(pk=submission.order_id).update(submission_state=S.READY)
    return bool(released)


def submissions_sweep_stale(*, actor, now=None) -> int:
    """A sender that died mid-send leaves claims whose lease runs out. One whose request never left goes back to
    `ready`, due at once; one whose request left becomes `unknown`, to be reconciled once the request can no
    longer arrive. A dead cancellation's claim is given back (orders.services.cancellations)."""
    now = now or timezone.now()
    count = 0
    for submission in Submission.objects.filter(state=S.SENDING, lease_until__lt=now):
        if not submission.request_left:
            if claim_unsent_release(submission, actor, now):
                count += 1
                continue
            submission.refresh_from_db()  # marked left meanwhile: swept as sent, below, if its lease ran out
            if submission.state != S.SENDING or submission.lease_until is None or submission.lease_until >= now:
                continue
        late_until = settle_after(adapter_for(submission.partner), now)
        settled = claim_settle(submission, S.UNKNOWN, actor,
                               "the sender stopped before recording an outcome; reconcile",
                               token=submission.claim_token, late_until=late_until)
        count += settled.state == S.UNKNOWN
    return count + cancel_claims_sweep(actor=actor, now=now)
