"""The toy courier's adapter to the one submission lifecycle."""

from orders.adapters import Outcome, PartnerAdapter, Problem
from orders.models import Submission

from . import client

S = Submission.State


class ToyAdapter(PartnerAdapter):
    partner = "toy"
    label = "Toy courier"

    def problems(self, order):
        return [] if order.lines.exists() else [Problem("lines", "the order has no lines")]

    def send(self, submissions):
        outcomes = {}
        for submission in submissions:
            order = submission.order
            booking = client.book(submission.reference, city=order.shipping_address.city,
                                  parcels=order.lines.count())
            outcomes[submission.pk] = (Outcome(S.REFUSED, issues=booking.issues) if booking.issues
                                       else Outcome(S.ACCEPTED, partner_reference=booking.booking_id))
        return outcomes

    def reconcile(self, submission):
        booking = client.find(submission.reference)
        return None if booking is None else Outcome(S.ACCEPTED, partner_reference=booking.booking_id)

    def explain(self, issue, details=None):
        return ("the toy courier does not deliver there", "choose another route") if issue.code == "area" else ("", "")
