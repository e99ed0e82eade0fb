"""Cancelling an accepted submission, in the one lifecycle: by us at the partner, or by the partner itself.

Exactly once, as a submission is sent: a cancellation first claims the accepted submission with a lease
(a conditional update committed before any call), so a double click or a second worker sends nothing; the
claim ends with the cancellation recorded, or is given back when the partner did not cancel. A claim whose
sender died is given back by the sweep (`submissions_sweep_stale`) once its lease runs out.
"""

import uuid
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.actors import acting_as
from backoffice.partner_http import before_each_request
from backoffice.transactions import require_no_transaction
from orders.adapters import adapter_for
from orders.models import Order, Submission
from orders.services.history import order_note, order_set_status, submission_set_state
from orders.services.leases import ClaimLost, lease_seconds

S = Submission.State


class CancelInProgress(Exception):
    """Another cancellation of this submission is being sent right now."""


def submission_cancel(*, submission, actor, note, order_note_text, call: Callable[[], object] | None = None,
                      on_cancelled: Callable[[Submission], None] | None = None) -> Submission | None:
    """Ends an accepted submission and gives its order back to staff (a submitted order becomes ready).

    With `call`, the partner is asked first, under a claim: `call()` makes the request and raises PartnerError
    when the partner did not cancel (then nothing changes here and the claim is given back). Without it, the
    partner has cancelled already (e.g. its tracking says so). `on_cancelled` runs inside the transaction that
    records the cancellation (e.g. the shipment's state). Returns None when the submission was no longer accepted
    (nothing done). Raises CancelInProgress when another claim is held."""
    if call is not None:
        require_no_transaction("Cancelling at a partner")
        token = _claim(submission, actor)
        try:
            with acting_as(actor), before_each_request(_lease_keeper(submission, token)):
                call()
        except BaseException:
            _release(submission, token, actor, N_("the cancellation was not confirmed; nothing changed here"))
            raise
    return _record(submission, actor, note, order_note_text, on_cancelled)


def _claim(submission, actor) -> str:
    token = uuid.uuid4().hex
    with transaction.atomic():
        until = timezone.now() + timedelta(seconds=lease_seconds(adapter_for(submission.partner)))
        taken = Submission.objects.filter(pk=submission.pk, state=S.ACCEPTED, lease_until__isnull=True).update(
            claim_token=token, lease_until=until)
        if not taken:
            raise CancelInProgress(N_("a cancellation of %(order)s is already being sent, or it has ended") % {
                "order": submission.order})
        order_note(order_id=submission.order_id, submission=submission, actor=actor, note=N_("claimed for cancelling"))
    return token


def _lease_keeper(submission, token):
    def renew(config):
        until = timezone.now() + timedelta(seconds=lease_seconds(adapter_for(submission.partner)))
        if not Submission.objects.filter(pk=submission.pk, state=S.ACCEPTED, claim_token=token).update(
                lease_until=until):
            raise ClaimLost("the cancellation's claim was taken by the sweep")

    return renew


def _release(submission, token, actor, note):
    with transaction.atomic():
        if Submission.objects.filter(pk=submission.pk, state=S.ACCEPTED, claim_token=token).update(lease_until=None):
            order_note(order_id=submission.order_id, submission=submission, actor=actor, note=note)


def _record(submission, actor, note, order_note_text, on_cancelled) -> Submission | None:
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("order").get(pk=submission.pk)
        if submission.state != S.ACCEPTED:
            return None
        if on_cancelled is not None:
            on_cancelled(submission)
        submission_set_state(submission=submission, to=S.CANCELLED, actor=actor, note=note, message=note,
                             lease_until=None)
        order = Order.objects.select_for_update().get(pk=submission.order_id)
        if submission.partner_reference and order.partner_reference == submission.partner_reference:
            order.partner_reference = ""
            order.save(update_fields=["partner_reference", "updated_at"])
        if order.status == Order.Status.SUBMITTED:
            order_set_status(order=order, to=Order.Status.READY, actor=actor, note=order_note_text)
    return submission


def cancel_claims_sweep(*, actor, now=None) -> int:
    """Gives back the claims of cancellations whose sender died: the booking stands until cancelled again."""
    count = 0
    for submission in Submission.objects.filter(state=S.ACCEPTED, lease_until__lt=now or timezone.now()):
        with transaction.atomic():
            if Submission.objects.filter(pk=submission.pk, state=S.ACCEPTED,
                                         claim_token=submission.claim_token).update(lease_until=None):
                order_note(order_id=submission.order_id, submission=submission, actor=actor,
                           note="the cancellation's sender stopped before it was confirmed; cancel again")
                count += 1
    return count
