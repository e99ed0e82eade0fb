"""Claiming submissions for sending: one conditional update takes, under one lease, those still `ready`.

`UPDATE … WHERE state = 'ready' … RETURNING` (PostgreSQL, and SQLite since 3.35) is atomic per row, so two
workers, a double click or a retried task can never both take a submission; each sender gets back exactly the
rows it took, and the claim is committed before any HTTP call. The sender renews the lease before each request
and stops when the sweep has taken any of its claims.
"""

import uuid
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from orders.models import Order, OrderEvent, Submission
from orders.services.leases import ClaimLost, lease_seconds

S = Submission.State


def _claim_sql(count):
    table, quote = Submission._meta.db_table, connection.ops.quote_name
    column = {f.name: quote(f.column) for f in Submission._meta.concrete_fields}
    returned = ", ".join(column.values())
    marks = ", ".join(["%s"] * count)
    return (f"UPDATE {quote(table)} SET {column['state']} = %s, {column['sending_since']} = %s, "
            f"{column['claim_token']} = %s, {column['lease_until']} = %s "
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
            [S.SENDING, stamp(now), token, stamp(until), *submission_ids, S.READY])}
        if taken:
            OrderEvent.objects.bulk_create(
                OrderEvent(order_id=s.order_id, submission=s, from_state=S.READY, to_state=S.SENDING, actor=actor,
                           note="claimed for sending") for s in taken.values())
            Order.objects.filter(pk__in=[s.order_id for s in taken.values()]).update(submission_state=S.SENDING)
    return token, [taken[pk] for pk in submission_ids if pk in taken]


def lease_keeper(held, token, adapter):
    """Renews the lease of the claims `held()` returns before each request; stops the request when the sweep
    has taken one of them."""

    def renew(config):
        ids = [submission.pk for submission in held()]
        until = timezone.now() + timedelta(seconds=lease_seconds(adapter))
        kept = Submission.objects.filter(pk__in=ids, state=S.SENDING, claim_token=token).update(lease_until=until)
        if kept != len(ids):
            raise ClaimLost(f"{len(ids) - kept} of {len(ids)} claims were taken by the sweep")

    return renew
