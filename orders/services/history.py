"""State changes of orders and submissions: checked against the allowed edges, and recorded with who did it."""

from orders.models import Order, OrderEvent, Submission


class IllegalTransition(Exception):
    pass


def order_set_status(*, order: Order, to, actor, note=""):
    if order.status == to:
        return False
    if to not in Order.TRANSITIONS[order.status]:
        raise IllegalTransition(f"Order {order.number} cannot go from {order.status} to {to}.")
    OrderEvent.objects.create(order=order, from_state=order.status, to_state=to, actor=actor, note=note)
    order.status = to
    order.save(update_fields=["status", "updated_at"])
    return True


def submission_set_state(*, submission: Submission, to, actor, note="", **fields):
    """Moves a submission (and the order's copy of its state) along an allowed edge, saving `fields` with it."""
    if to not in Submission.TRANSITIONS[submission.state]:
        raise IllegalTransition(
            f"Submission {submission} cannot go from {submission.state} to {to}."
        )
    OrderEvent.objects.create(order_id=submission.order_id, submission=submission, from_state=submission.state,
                              to_state=to, actor=actor, note=note)
    submission.state = to
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.save()
    Order.objects.filter(pk=submission.order_id).update(submission_state=to)


def submission_created(*, submission: Submission, actor, note=""):
    OrderEvent.objects.create(order_id=submission.order_id, submission=submission, from_state="",
                              to_state=submission.state, actor=actor, note=note)
    Order.objects.filter(pk=submission.order_id).update(submission_state=submission.state)


def order_note(*, order_id, actor, note, submission=None):
    """A line in the order's history that changes no state (e.g. a reconcile that could not decide)."""
    state = submission.state if submission else Order.objects.values_list("status", flat=True).get(pk=order_id)
    OrderEvent.objects.create(order_id=order_id, submission=submission, from_state=state, to_state=state,
                              actor=actor, note=note)
