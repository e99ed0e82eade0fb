"""The orders' rows of the dashboard's inbox: refused, held back, unknown outcomes to settle, Swiss orders
waiting between their legs."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.inbox import InboxRow, More, capped
from backoffice.registry import partner_spec
from backoffice.words import stored_words
from orders.models import Order, Submission
from orders.selectors import orders_between_legs

S = Submission.State


def _order_url(order_id):
    return reverse("admin:orders_order_change", args=[order_id])


def _list_url(**filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return f"{reverse('admin:orders_order_changelist')}?{query}"


def _label(partner):
    try:
        return partner_spec(partner).label
    except KeyError:
        return partner


def _partner_text(errors):
    return "; ".join(" ".join(part for part in (e.get("code", ""), e.get("message", "")) if part) for e in errors)


# The words of each kind, shared with the order page's header (orders.order_header).

def refused_words(errors, message):
    """(reason, next step) of a refusal: the first explained partner error, else the outcome's message."""
    explained = [e for e in errors or [] if e.get("explanation") or e.get("next_step")]
    first = explained[0] if explained else {}
    return (stored_words(first.get("explanation")) or stored_words(message) or _("the partner refused the order"),
            stored_words(first.get("next_step")) or _("Correct the order, then submit it again."))


def held_next_step():
    return _("Correct the order (or wait for stock), then submit it again.")


def unknown_words(submission):
    """(reason, next step) of a submission whose outcome is unknown."""
    if submission.needs_person:
        next_step = _("The partner's data cannot settle it: decide on the order page whether it arrived.")
    else:
        next_step = _("Reconcile it: the partner's own data tells whether the order arrived. Never send it "
                      "again blindly.")
    # In words, then our stored message as it was written (it names what happened, e.g. the wait that ran out).
    reason = _("No answer came in time, so we do not know whether %(partner)s has the order.") % {
        "partner": _label(submission.partner)}
    return (f"{reason} ({stored_words(submission.message)})" if submission.message else reason), next_step


def refused_rows():
    # One row an order: its latest refusal (an order refused twice still needs one fix).
    last_of_order = Submission.objects.filter(order=OuterRef("order")).order_by("-id").values("pk")[:1]
    latest = (Submission.objects.filter(state=S.REFUSED, order__status=Order.Status.READY,
                                        order__submission_state=S.REFUSED, pk=Subquery(last_of_order))
              .select_related("order").order_by("-finished_at", "-id"))
    found, total = capped(latest)
    for submission in found:
        reason, next_step = refused_words(submission.errors, submission.message)
        yield InboxRow(
            kind=_("Refused by %(partner)s") % {"partner": _label(submission.partner)},
            subject=submission.order.number, url=_order_url(submission.order_id),
            reason=reason, next_step=next_step,
            partner_text=_partner_text(submission.errors or []), action=_("Fix and submit again"), tone="alert")
    if total > len(found):
        yield More(_("Refused orders"), total,
                   _list_url(submission_state__exact="refused", status__exact="ready"))


def held_rows():
    # `> ""` rather than `!= ""`: a range, which the hold_reason index serves on SQLite as on PostgreSQL.
    held = Order.objects.filter(status=Order.Status.READY, hold_reason__gt="").order_by("hold_checked_at", "id")
    found, total = capped(held)
    for order in found:
        yield InboxRow(
            kind=_("Held back before sending"), subject=order.number, url=_order_url(order.pk),
            reason=stored_words(order.hold_reason), next_step=held_next_step(),
            action=_("Open the order"))
    if total > len(found):
        yield More(_("Orders held back"), total, _list_url(held="1"))


def unknown_rows(now=None):
    now = now or timezone.now()
    due = (Submission.objects.filter(state=S.UNKNOWN, settle_after__lte=now)
           .select_related("order").order_by("settle_after", "id"))
    found, total = capped(due)
    for submission in found:
        reason, next_step = unknown_words(submission)
        yield InboxRow(
            kind=_("Outcome unknown at %(partner)s") % {"partner": _label(submission.partner)},
            subject=submission.order.number, url=_order_url(submission.order_id),
            reason=reason, next_step=next_step, action=_("Reconcile"), tone="alert")
    if total > len(found):
        yield More(_("Unknown outcomes"), total, _list_url(submission_state__exact="unknown"))


def between_legs_rows():
    # COALESCE(placed_at, created_at) is placed_at (never null), in an order no index gives on either database,
    # so each takes the route's few open orders and sorts them instead of walking the list's index over every
    # order to find the usual none (SQLite's ascending order puts nulls first, so NULLS FIRST no longer did).
    found, total = capped(orders_between_legs().order_by(Coalesce("placed_at", "created_at"), "id"))
    for order in found:
        yield InboxRow(
            kind=_("Swiss order between its legs"), subject=order.number, url=_order_url(order.pk),
            reason=_("InnoCigs shipped the goods to MeinEinkauf's hub; MeinEinkauf does not have the order yet."),
            next_step=_("Register it with MeinEinkauf, so the hub can clear customs and deliver it."),
            action=_("Register with MeinEinkauf"))
    if total > len(found):
        yield More(_("Swiss orders between their legs"), total, _list_url(between_legs="1"))


def inbox_rows():
    return [*refused_rows(), *held_rows(), *unknown_rows(), *between_legs_rows()]
