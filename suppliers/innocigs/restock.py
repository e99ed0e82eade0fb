"""A restock's part of the InnoCigs adapter: sent with InnoCigs' `order` command, one per request, and
settled from the delivery notes that name it (InnoCigs lists a standard order nowhere else).

The lifecycle (orders.services.submissions) claims, records and reconciles as for a dropship; this only says
what to send and what InnoCigs' reply or delivery note means.
"""

from django.db.models import Q
from django.utils.translation import gettext_noop as N_

from backoffice.errors import PartnerError, PartnerIssue, PartnerOutcomeUnknown, PartnerResponseError
from orders.adapters import Outcome
from orders.models import Submission
from orders.services.leases import ClaimLost
from suppliers.innocigs import errors as innocigs_errors
from suppliers.innocigs.models import RESTOCK_ROUTE, DeliveryNoteItem, Restock

from .build import Line, StandardOrderRequest
from .client import ALREADY_RECEIVED, BATCH_LEVEL, orders_client
from .standard_orders import restock_receiver

S = Submission.State


def is_restock(order) -> bool:
    return order.route == RESTOCK_ROUTE


def restocks_send(group, test_mode) -> dict:
    """Sends each claimed restock as its own request. A failure of the only one is raised for the lifecycle to
    record; in a larger group it becomes that restock's outcome, so the others' are kept."""
    outcomes = {}
    for submission in group:
        try:
            outcomes[submission.pk] = _send_one(submission, test_mode)
        except ClaimLost:
            if not outcomes:
                raise
            return outcomes  # the sweep took the rest; what was sent is recorded
        except PartnerError as exc:
            if len(group) == 1:
                raise
            unknown = isinstance(exc, PartnerOutcomeUnknown | PartnerResponseError)
            outcomes[submission.pk] = Outcome(S.UNKNOWN if unknown else S.READY, issues=exc.issues,
                                              message=exc.message)
    return outcomes


def _send_one(submission, test_mode) -> Outcome:
    order = submission.order
    carrier = Restock.objects.filter(order=order).values_list("carrier", flat=True).first() or ""
    request = StandardOrderRequest(submission.reference, restock_receiver(),
                                   tuple(Line(line.sku, line.quantity) for line in order.lines.all()))
    result = orders_client(test_mode=test_mode).standard_order(request, carrier=carrier, related=submission)
    return restock_outcome(result, test_mode=test_mode)


def restock_outcome(result, *, test_mode) -> Outcome:
    """What InnoCigs' reply to one `order` command means for its submission."""
    codes = {issue.code for issue in result.issues}
    if result.ok:
        if test_mode:
            return Outcome(S.TEST_OK, message=N_("validated by InnoCigs in test mode; nothing was placed"))
        return Outcome(S.ACCEPTED, partner_reference=result.orders_id,
                       references={"ORDERS_ID": result.orders_id} if result.orders_id else {},
                       message=N_("placed: ORDERS_ID %(order)s") % {"order": result.orders_id or "?"})
    if codes & ALREADY_RECEIVED and not test_mode:
        return Outcome(S.UNKNOWN, issues=result.issues,
                       message=N_("InnoCigs may already have this order; a delivery note naming it settles it"))
    if codes and codes <= BATCH_LEVEL:
        raise innocigs_errors.error_from_issues(list(result.issues))  # nothing was processed: the claim goes back
    issues = result.issues or (PartnerIssue("", result.message or "refused"),)
    return Outcome(S.REFUSED, issues=issues, message=result.message or N_("refused by InnoCigs"))


def restock_reconcile(submission) -> Outcome | None:
    """A restock InnoCigs placed shows in the delivery note that ships it (synced by `sync_delivery_notes`);
    None while no note names it, which proves nothing: it may not have shipped yet."""
    if submission.test_mode:
        return Outcome(S.READY, message=N_("sent in test mode, where InnoCigs places nothing: it may be sent again"))
    naming = Q(orders_number=submission.reference) | Q(restock__order=submission.order_id)
    item = DeliveryNoteItem.objects.filter(naming).select_related("delivery_note").order_by("pk").first()
    if item is None:
        return None
    references = {"ORDERS_ID": item.orders_id, "DELIVERY_NUMBER": item.delivery_note.number}
    return Outcome(S.ACCEPTED, partner_reference=item.orders_id, references={k: v for k, v in references.items() if v},
                   message=N_("placed: delivery note %(note)s names it") % {"note": item.delivery_note.number})
