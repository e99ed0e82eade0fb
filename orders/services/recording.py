"""Recording what the partner did: each Outcome moves its submission along an allowed edge, in one transaction
per batch (one lock of the submissions and their orders, one history insert for the batch), with the orders'
status and partner reference."""

import copy
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.bulk import update_rows
from orders.adapters import Outcome
from orders.models import Order, OrderEvent, Submission
from orders.services.history import IllegalTransition

log = logging.getLogger("orders.services.submissions")
S = Submission.State
RECORDED_FIELDS = ["state", "partner_reference", "references", "errors", "message", "finished_at", "lease_until",
                   "settle_after", "needs_person"]
ACCEPTED_ORDER_FIELDS = ["partner_reference", "status", "submission_state", "updated_at"]


def issue_rows(adapter, issues, details=None):
    """A submission's stored errors: each partner issue as it came, with the adapter's explanation and next step
    (read from the issue and its outcome's `details`)."""
    rows = []
    for issue in issues:
        explanation, next_step = adapter.explain(issue, details or {})
        rows.append({"code": issue.code, "message": issue.message, "field": issue.field,
                     "explanation": explanation, "next_step": next_step})
    return rows


def outcome_record(adapter, submission, outcome: Outcome, actor) -> Submission:
    return outcomes_record(adapter, [(submission, outcome)], actor)[0]


def _apply(adapter, current, outcome, actor, now) -> OrderEvent:
    """Sets the outcome's fields on the submission; returns its history row."""
    # A reply came, so the request has arrived: nothing of it can arrive later.
    event = OrderEvent(order_id=current.order_id, submission=current, from_state=current.state,
                       to_state=outcome.state, actor=actor, note=outcome.message)
    current.state, current.partner_reference = outcome.state, outcome.partner_reference
    current.references, current.message, current.needs_person = outcome.references, outcome.message, False
    current.errors = issue_rows(adapter, outcome.issues, outcome.details)
    current.finished_at, current.lease_until = now, None
    current.settle_after = now if outcome.state == S.UNKNOWN else None
    return event


class _Moved(Exception):
    """The claim or its order changed since the sender read them: recorded the locked way instead."""


def claimed_outcome_record(adapter, submission, outcome: Outcome, actor, *, token, then=None) -> Submission:
    """Records the reply to one request of a claim still this sender's (`token`), its order as the run's fresh
    check read it: conditional updates of the submission and of its order instead of a lock, and one history
    insert; `then()` runs last in the same transaction. When either changed meanwhile (the sweep, a
    cancellation), the locked way of `outcomes_record`, without `then`."""
    if outcome.state not in Submission.TRANSITIONS[S.SENDING]:
        raise IllegalTransition(f"Submission {submission} cannot go from {S.SENDING} to {outcome.state}.")
    now, order = timezone.now(), submission.order
    current = copy.copy(submission)  # the caller's stays as claimed, should the locked way be needed
    events = [_apply(adapter, current, outcome, actor, now)]
    try:
        with transaction.atomic():
            if not Submission.objects.filter(pk=current.pk, state=S.SENDING, claim_token=token).update(
                    **{name: getattr(current, name) for name in RECORDED_FIELDS}):
                raise _Moved
            if outcome.state == S.ACCEPTED:
                events += _orders_accepted(adapter, [(current, outcome)], actor, now, status=order.status)
            elif not Order.objects.filter(pk=order.pk).update(submission_state=outcome.state):
                raise _Moved
            OrderEvent.objects.bulk_create(events)
            if outcome.state == S.ACCEPTED:
                adapter.accepted(current, outcome, actor)
            if then is not None:
                then()
    except _Moved:
        order.refresh_from_db()
        return outcomes_record(adapter, [(submission, outcome)], actor)[0]
    return current


def outcomes_record(adapter, pairs, actor) -> list[Submission]:
    """Records each (submission, Outcome) of a batch; one that is no longer being sent or unknown is left as it
    is. Returns the submissions as they now are, in the order of `pairs`."""
    if not pairs:
        return []
    now = timezone.now()
    with transaction.atomic():
        # The submissions and their orders, locked together (an accepted one changes its order too).
        fresh = Submission.objects.select_related("order").select_for_update(of=("self", "order")).in_bulk(
            [submission.pk for submission, _ in pairs])
        events, changed, accepted = [], [], []
        for submission, outcome in pairs:
            current = fresh[submission.pk]
            if current.state not in (S.SENDING, S.UNKNOWN):
                log.warning("Outcome for %s arrived in state %s; ignored", submission, current.state)
                continue
            if outcome.state not in Submission.TRANSITIONS[current.state]:
                raise IllegalTransition(f"Submission {current} cannot go from {current.state} to {outcome.state}.")
            events.append(_apply(adapter, current, outcome, actor, now))
            changed.append(current)
            if outcome.state == S.ACCEPTED:
                accepted.append((current, outcome))
        # One statement for the batch (bulk_update's CASE per field and row costs more CPU than it saves).
        _write(Submission, RECORDED_FIELDS, changed)
        events += _orders_accepted(adapter, accepted, actor, now)
        others = {}
        for submission in changed:
            if submission.state != S.ACCEPTED:
                others.setdefault(submission.state, []).append(submission.order_id)
        for state, order_ids in others.items():
            Order.objects.filter(pk__in=order_ids).update(submission_state=state)
        OrderEvent.objects.bulk_create(events)
        for submission, outcome in accepted:
            adapter.accepted(submission, outcome, actor)
    return [fresh[submission.pk] for submission, _ in pairs]


def _orders_accepted(adapter, accepted, actor, now, status=None) -> list[OrderEvent]:
    """The orders of accepted submissions: submitted, with the partner's reference. Returns their history. With
    `status`, each order is written only while it still has that status (else _Moved)."""
    if not accepted:
        return []
    events, orders = [], []
    for submission, outcome in accepted:
        order = submission.order
        orders.append(order)
        if order.status != Order.Status.SUBMITTED:
            if Order.Status.SUBMITTED not in Order.TRANSITIONS[order.status]:
                raise IllegalTransition(f"Order {order.number} cannot go from {order.status} to "
                                        f"{Order.Status.SUBMITTED}.")
            events.append(OrderEvent(order=order, from_state=order.status, to_state=Order.Status.SUBMITTED,
                                     actor=actor, note=N_("accepted by %(partner)s") % {"partner": adapter.label}))
            order.status = Order.Status.SUBMITTED
        order.partner_reference, order.submission_state, order.updated_at = outcome.partner_reference, S.ACCEPTED, now
    if status is None:  # the orders are locked: one statement for them all
        _write(Order, ACCEPTED_ORDER_FIELDS, orders)
        return events
    for order in orders:
        if not Order.objects.filter(pk=order.pk, status=status).update(
                **{name: getattr(order, name) for name in ACCEPTED_ORDER_FIELDS}):
            raise _Moved
    return events


def _write(model, fields, rows):
    """The `fields` of each row as they are now, in one statement (each row's own values)."""
    update_rows(model, fields, [(*(getattr(row, name) for name in fields), row.pk) for row in rows])
