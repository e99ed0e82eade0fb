"""Claiming submissions for sending: one conditional update takes, under one lease, those still `ready`.

`UPDATE … WHERE state = 'ready' … RETURNING` (PostgreSQL, and SQLite since 3.35) is atomic per row, so two
workers, a double click or a retried task can never both take a submission; each sender gets back exactly the
rows it took, and the claim is committed before any HTTP call. A claim starts with `request_left` false; just
before its request, one conditional update marks it left (and renews its lease), and only a claim so marked is
sent. The sweep gives a claim whose request never left back to `ready`, so a sender may claim a run of
one-order requests ahead of them (RunLease). The sender renews the lease before every further request and stops
when the sweep has taken any of its claims.
"""

import uuid
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from backoffice.transactions import require_no_transaction
from orders.models import Order, OrderEvent, Submission
from orders.services.leases import ClaimLost, lease_seconds

S = Submission.State


def _claim_sql(count):
    table, quote = Submission._meta.db_table, connection.ops.quote_name
    column = {f.name: quote(f.column) for f in Submission._meta.concrete_fields}
    returned = ", ".join(column.values())
    marks = ", ".join(["%s"] * count)
    return (f"UPDATE {quote(table)} SET {column['state']} = %s, {column['sending_since']} = %s, "
            f"{column['claim_token']} = %s, {column['lease_until']} = %s, {column['request_left']} = %s "
            f"WHERE {column['id']} IN ({marks}) AND {column['state']} = %s RETURNING {returned}")


def submissions_claim(*, submission_ids, actor, adapter) -> tuple[str, list[Submission]]:
    """Takes the submissions that are still `ready` under one lease; any taken by someone else are left alone.
    Returns the lease's token and the claimed submissions, in the order of `submission_ids`."""
    if not submission_ids:
        return "", []
    token, now = uuid.uuid4().hex, timezone.now()
    until = now + timedelta(seconds=lease_seconds(adapter))
    stamp = connection.ops.adapt_datetimefield_value
    with transaction.atomic():
        taken = {s.pk: s for s in Submission.objects.raw(
            _claim_sql(len(submission_ids)),
            [S.SENDING, stamp(now), token, stamp(until), False, *submission_ids, S.READY])}
        if taken:
            OrderEvent.objects.bulk_create(
                OrderEvent(order_id=s.order_id, submission=s, from_state=S.READY, to_state=S.SENDING, actor=actor,
                           note="claimed for sending") for s in taken.values())
            Order.objects.filter(pk__in=[s.order_id for s in taken.values()]).update(submission_state=S.SENDING)
    return token, [taken[pk] for pk in submission_ids if pk in taken]


class RunLease:
    """The lease of one sender's claims, taken together: each batch is marked left just before its request, the
    claims of the run not sent yet are renewed while they wait, and the batch's lease before each further request.

    One statement marks a batch left and renews its lease; the waiting claims cost one statement only when their
    lease would end within one request's time. A waiting claim the sweep gave back is never marked, so never sent.
    """

    def __init__(self, adapter, token, claimed):
        self.adapter, self.token = adapter, token
        self.waiting = {submission.pk for submission in claimed}
        self.until = min((s.lease_until for s in claimed if s.lease_until), default=timezone.now())
        self.made = None  # (ids, marked) of a batch marked with the previous reply's record

    def _mine(self, ids, **left):
        return Submission.objects.filter(pk__in=ids, state=S.SENDING, claim_token=self.token, **left)

    def _until(self):
        return timezone.now() + timedelta(seconds=lease_seconds(self.adapter))

    def mark_left(self, batch) -> bool:
        """Marks the batch's requests left, committed before they go; False when the sweep gave any of them back
        (nothing may be sent then). Uses the mark made with the previous reply's record when there is one."""
        ids = frozenset(submission.pk for submission in batch)
        made, self.made = self.made, None
        if made and made[0] == ids:
            return made[1]
        require_no_transaction("Marking a request left")
        return self._mark(ids)

    def mark_with_record(self, batch):
        """Marks the next batch left inside the transaction that records the previous reply, so both cost one
        commit; `mark_left` then uses it. Called last in that transaction: committed with it, or not at all (and
        then the run stops with the record's error)."""
        ids = frozenset(submission.pk for submission in batch)
        self.made = (ids, self._mark(ids))

    def _mark(self, ids):
        self.waiting -= ids
        return self._mine(ids, request_left=False).update(request_left=True, lease_until=self._until()) == len(ids)

    def keep_waiting(self):
        """Renews the claims still waiting for their request when their lease would end within one request."""
        connect, read = self.adapter.timeout
        if not self.waiting or self.until - timezone.now() > timedelta(seconds=connect + read):
            return
        self.until = self._until()
        self._mine(self.waiting, request_left=False).update(lease_until=self.until)

    def keeper(self, batch):
        """The before-each-request callback of a batch marked left: its first request was covered by the mark;
        each further one renews the batch's lease (and the waiting claims'), or stops when the sweep took one."""
        calls = []

        def renew(config):
            calls.append(config)
            self.keep_waiting()
            if len(calls) == 1:
                return
            ids = [submission.pk for submission in batch]
            kept = self._mine(ids).update(lease_until=self._until())
            if kept != len(ids):
                raise ClaimLost(f"{len(ids) - kept} of {len(ids)} claims were taken by the sweep")

        return renew
