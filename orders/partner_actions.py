"""The partners' order actions (declared by their PartnerSpecs) and which of them fit one order now.

Shared by the order list's actions and the order page's header, so both offer the same things.
"""

from dataclasses import dataclass

from backoffice.registry import partner_specs
from orders.models import Order, Submission


@dataclass(frozen=True)
class PartnerAction:
    partner: str
    name: str  # the action's name, and the codename of the permission it needs
    label: str


def partner_actions() -> list[PartnerAction]:
    """The order-list actions the partners' specs declare (read per request: the admin loads before ready())."""
    return [PartnerAction(spec.name, name, label) for spec in partner_specs() for name, label in spec.actions]


def action_fits(order, partner, submissions) -> bool:
    """Whether sending `order` to `partner` may be what comes next, judged from its route, its state and its
    submissions (newest first) alone: the confirmation page still checks everything before anything is sent."""
    if partner not in order.legs:
        return False
    if any(s.partner == partner and s.state in Submission.WITH_PARTNER for s in submissions):
        return False
    leg = order.legs.index(partner)
    if leg == 0:
        return order.status == Order.Status.READY
    # A later leg (MeinEinkauf after InnoCigs) follows once the leg before it was accepted.
    before = order.legs[leg - 1]
    return order.status in (Order.Status.READY, Order.Status.SUBMITTED) and any(
        s.partner == before and s.state == Submission.State.ACCEPTED for s in submissions)
