"""Preparing submissions: the checks that stop an order, and the attempt in `ready` with its idempotency reference.

A bulk submit prepares its orders a batch at a time: the orders are locked and loaded with their lines in one
query, their submissions in one more, the partner's checks run over the whole batch (`adapter.problems_many`),
and the new attempts, their history and the orders' copies of their state are written in one statement each.
The database's "one active submission per order" constraint stays the guard: a batch that meets it is prepared
again order by order, so each order gets the answer it would have had alone.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop as N_

from backoffice.registry import partner_specs
from backoffice.stored_texts import in_english
from orders.adapters import Problem, adapter_for
from orders.hubs import with_hub_parcels
from orders.models import Order, OrderEvent, Submission
from orders.services.history import order_note, submission_created

S = Submission.State
PREPARE_BATCH = 100  # orders locked and checked together


class NotSubmittable(Exception):
    def __init__(self, order, problems):
        self.order = order
        self.problems = [p if isinstance(p, Problem) else Problem("", str(p)) for p in problems]
        super().__init__(f"{order.number}: " + "; ".join(str(p) for p in self.problems))


def order_blockers(order, adapter) -> list[Problem]:
    """Why `order` cannot get a new submission now (state, an active submission, a hold, missing data)."""
    active = order.submissions.filter(partner=adapter.partner, state__in=Submission.WITH_PARTNER)
    problems = _state_blockers(order, adapter, active.values_list("state", flat=True).first())
    return problems or _held(order) + adapter.problems(order)


def _state_blockers(order, adapter, active_state) -> list[Problem]:
    """The route, the order's status and an active submission (`active_state`, or None), before any other check."""
    if adapter.partner not in order.legs:
        return [Problem("route", N_("the order goes to %(route)s, not %(partner)s") % {
            "route": in_english(order.get_route_display()), "partner": adapter.label})]
    leg = order.legs.index(adapter.partner)
    if leg == 0 and order.status != Order.Status.READY:
        return [_status_problem(order)]
    if leg > 0:
        problems = _later_leg_blockers(order, adapter)
        if problems:
            return problems
    if active_state:
        return [Problem("submission", N_("a submission is already %(state)s") % {
            "state": active_state})]
    return []


def _held(order) -> list[Problem]:
    # Checks beyond the partner's own (a Zonos hold): each takes an order and returns the Problems that stop it.
    blockers = [blocker for spec in partner_specs() for blocker in spec.blockers]
    return [problem for blocker in blockers for problem in import_string(blocker)(order)]


def _later_leg_blockers(order, adapter) -> list[Problem]:
    """A later leg (MeinEinkauf after InnoCigs) starts once the goods are on their way to its hub."""
    if order.status not in (Order.Status.READY, Order.Status.SUBMITTED):
        return [_status_problem(order)]
    if not with_hub_parcels(Order.objects.filter(pk=order.pk), adapter.partner).exists():
        first = adapter_for(order.legs[0]).label
        return [Problem("parcel to the hub", N_("waiting for the parcel to the hub: %(partner)s needs its tracking, "
                                                "which %(first)s's tracking sync records once it ships") % {
            "partner": adapter.label, "first": first})]
    return []


def _status_problem(order):
    # Stored in English (a hold reason, a job's line), said in the reader's language where shown.
    return Problem("status", N_("the order is %(status)s") % {"status": in_english(order.get_status_display()).lower()})


def _prepared_note(submission):
    return N_("attempt %(attempt)s prepared, reference %(reference)s") % {
        "attempt": submission.attempt, "reference": submission.reference}


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
            submission_created(submission=submission, actor=actor, note=_prepared_note(submission))
            return submission
    except IntegrityError:
        raise NotSubmittable(order, [Problem("submission", N_("another submission of this order is active"))]) from None


def submissions_prepare(*, orders, actor, adapter) -> tuple[list[int], list[NotSubmittable]]:
    """`submission_prepare` for many orders, a batch at a time: the ids of the ready submissions, in the orders'
    order, and why each other order was not prepared. Clears or records each order's hold reason."""
    orders = list(orders)
    ready, refused = {}, []
    for start in range(0, len(orders), PREPARE_BATCH):
        chunk = orders[start:start + PREPARE_BATCH]
        try:
            prepared, stopped = _prepare_batch([order.pk for order in chunk], actor, adapter)
        except IntegrityError:  # another sender prepared one of them meanwhile: each order on its own
            prepared, stopped = _prepare_each(chunk, actor, adapter)
        ready.update(prepared)
        refused += stopped
    position = {order.pk: n for n, order in enumerate(orders)}
    refused.sort(key=lambda exc: position[exc.order.pk])
    for exc in refused:
        order_hold_record(order=exc.order, problems=exc.problems)
    Order.objects.filter(pk__in=list(ready)).exclude(hold_reason="").update(hold_reason="", hold_checked_at=None)
    return [ready[pk] for pk in position if pk in ready], refused


def _prepare_each(orders, actor, adapter):
    prepared, refused = {}, []
    for order in orders:
        try:
            prepared[order.pk] = submission_prepare(order=order, actor=actor, adapter=adapter).pk
        except NotSubmittable as exc:
            refused.append(exc)
    return prepared, refused


def _prepare_batch(order_ids, actor, adapter):
    with transaction.atomic():
        orders = list(Order.objects.select_for_update(of=("self",)).filter(pk__in=order_ids)
                      .select_related("shipping_address", "billing_address").prefetch_related("lines").order_by("pk"))
        waiting, active, attempts = {}, {}, {}
        for pk, order_id, partner, state, attempt in Submission.objects.filter(order_id__in=order_ids).values_list(
                "pk", "order_id", "partner", "state", "attempt"):
            attempts[order_id] = max(attempts.get(order_id, 0), attempt)
            if partner == adapter.partner and state == S.READY:
                waiting[order_id] = pk
            elif partner == adapter.partner and state in Submission.WITH_PARTNER:
                active[order_id] = state
        prepared = {order.pk: waiting[order.pk] for order in orders if order.pk in waiting}
        refused, checked = [], []
        for order in orders:
            if order.pk in prepared:
                continue
            problems = _state_blockers(order, adapter, active.get(order.pk))
            if problems:
                refused.append(NotSubmittable(order, problems))
            else:
                checked.append(order)
        partner_problems = adapter.problems_many(checked)
        new = []
        for order in checked:
            problems = _held(order) + partner_problems[order.pk]
            if problems:
                refused.append(NotSubmittable(order, problems))
                continue
            new.append(Submission(order=order, partner=adapter.partner, attempt=attempts.get(order.pk, 0) + 1,
                                  reference=adapter.reference(order), test_mode=adapter.test_mode, created_by=actor))
        if new:
            Submission.objects.bulk_create(new)
            OrderEvent.objects.bulk_create(
                OrderEvent(order_id=s.order_id, submission=s, from_state="", to_state=S.READY, actor=actor,
                           note=_prepared_note(s)) for s in new)
            Order.objects.filter(pk__in=[s.order_id for s in new]).update(submission_state=S.READY)
        prepared.update({s.order_id: s.pk for s in new})
    return prepared, refused


def order_hold_record(*, order, problems):
    """Keeps why a submit run held `order` back, in words (no field names), for its page and the inbox."""
    reason = "; ".join(str(p) for p in problems)
    if order.is_open():
        Order.objects.filter(pk=order.pk).update(hold_reason=reason, hold_checked_at=timezone.now())


def order_hold_clear(*, order):
    Order.objects.filter(pk=order.pk).exclude(hold_reason="").update(hold_reason="", hold_checked_at=None)


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
