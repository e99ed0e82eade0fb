"""The one lifecycle of every partner submission: prepare, claim, send, record, reconcile.

Exactly once, by construction:
- the database allows one active submission per order (ready, sending, accepted or unknown);
- a sender claims a run (one request's batch, or 25 one-order requests) with a conditional update from `ready`
  to `sending` committed before any HTTP call, so two workers, a double click or a retried task cannot both
  send it;
- each batch is marked "request left" by a conditional update committed just before its request, and only a
  batch so marked is sent; the sweep gives a claim whose request never left back to `ready`, and makes one
  whose request left `unknown`;
- the claim is a lease the sender renews while it waits and before every request; the sweep takes only expired
  leases, and a sender whose lease was taken stops before its request leaves;
- a call that may have reached the partner without a reply leaves the submission `unknown`, which only
  the partner's own data or a person can settle, and only once the request can no longer arrive late
  (`settle_after`): nothing is resent blindly;
- a batch-level failure where nothing was processed puts the claimed submissions back to `ready`;
- none of it runs inside someone else's transaction (backoffice.transactions).

Each step has its module: preparing (checks and the attempt), claiming (the claim and its lease), sending (the
requests), recording (outcomes and history), settling (what got no reply, reconciling, the sweep). This module
is the entry point every admin action, command and task calls, and names them all for existing callers.
"""

from backoffice.transactions import require_no_transaction
from orders.adapters import adapter_for
from orders.services.preparing import (
    NotSubmittable,
    next_leg_queue,
    order_blockers,
    order_hold_clear,
    order_hold_record,
    submission_prepare,
    submissions_prepare,
)
from orders.services.recording import issue_rows
from orders.services.sending import Result, submissions_retry_due, submissions_send
from orders.services.settling import (
    MAX_RETRIES,
    NotYet,
    retry_delay,
    submission_reconcile,
    submission_release,
    submission_settleable,
    submissions_sweep_stale,
)

__all__ = [
    "MAX_RETRIES", "NotSubmittable", "NotYet", "Result", "issue_rows", "next_leg_queue", "order_blockers",
    "order_hold_clear", "order_hold_record", "orders_submit", "retry_delay", "submission_prepare",
    "submission_reconcile", "submission_release", "submission_settleable", "submissions_retry_due",
    "submissions_send", "submissions_sweep_stale",
]


def orders_submit(*, orders, partner, actor, on_result=None, on_results=None) -> list[Result]:
    """Prepares a submission for each order that may be sent, then sends them. The entry point of every
    admin action, command and task that submits orders. `on_result` hears of each order's result,
    `on_results` of each batch's results together (a job's page is updated once per batch)."""
    require_no_transaction("Submitting orders")
    ready_ids, refused = submissions_prepare(orders=orders, actor=actor, adapter=adapter_for(partner))
    skipped = [Result(exc.order.number, "skipped", "; ".join(str(p) for p in exc.problems), exc.order.pk)
               for exc in refused]
    for result in skipped:
        if on_result:
            on_result(result)
    if skipped and on_results:
        on_results(skipped)
    return skipped + submissions_send(submission_ids=ready_ids, actor=actor, on_result=on_result,
                                      on_results=on_results)
