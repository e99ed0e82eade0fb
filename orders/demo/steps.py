"""Helpers for the partner packages' demo steps: move a demo order's submission along the lifecycle's edges,
so the demo's states carry the history, the order's copy of the state and the partner's words that real ones
have. `make run` loads the demo before the web server (and so the sandbox) is up: no call is possible then."""

from datetime import timedelta

from django.utils import timezone

from orders.models import Order, Submission
from orders.services.history import order_set_status, submission_created, submission_set_state

S = Submission.State
ACTOR = "command:load_demo"


def demo_order(number):
    """The demo order, or None when it is gone (staff deleted it) or already past its demo state."""
    return Order.objects.filter(number=number, status=Order.Status.READY, submission_state="").first()


def demo_submission(order, *, partner, to, ago=timedelta(hours=3), **fields):
    """A submission of `order` to `partner` that went ready → sending → `to`, `ago` ago."""
    when = timezone.now() - ago
    attempt = order.submissions.count() + 1  # a Swiss order's second leg is its second attempt, as in life
    submission = Submission.objects.create(order=order, partner=partner, attempt=attempt, reference=order.number,
                                           created_by=ACTOR, sending_since=when)
    submission_created(submission=submission, actor=ACTOR,
                       note=f"attempt {attempt} prepared, reference {order.number}")
    submission_set_state(submission=submission, to=S.SENDING, actor=ACTOR, note="claimed for sending")
    submission_set_state(submission=submission, to=to, actor=ACTOR, note=fields.get("message", ""),
                         finished_at=when, **fields)
    Submission.objects.filter(pk=submission.pk).update(created_at=when)
    if to == S.ACCEPTED:
        order.partner_reference = fields.get("partner_reference", "")
        order.save(update_fields=["partner_reference", "updated_at"])
        order_set_status(order=order, to=Order.Status.SUBMITTED, actor=ACTOR, note=f"accepted by {partner}")
    return submission
