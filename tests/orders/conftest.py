import pytest
from django.contrib.auth.models import Permission, User

from backoffice.errors import PartnerIssue, PartnerUnavailable
from orders.adapters import Outcome, PartnerAdapter, Problem
from orders.models import Submission
from tests.support import replace_spec

S = Submission.State


class PartnerForTests(PartnerAdapter):
    """A partner for these tests: refuses sku REFUSE, says 'no stock' for sku NOSTOCK, records every send."""

    partner = "innocigs"
    label = "Test partner"
    batch_size = 5
    absence_is_proof = True  # its reconcile answers for the tests: None means it never got the order
    sent = []
    down = False
    known = None

    def problems(self, order):
        return [Problem(f"lines[{i}].sku", f"no stock for {line.sku}")
                for i, line in enumerate(order.lines.all()) if line.sku == "NOSTOCK"]

    def preview(self, order):
        return [("parcels", "1"), ("weight", f"{sum(line.quantity for line in order.lines.all()) * 100} g")]

    def send(self, submissions):
        type(self).sent.extend(s.reference for s in submissions)
        if self.down:
            raise PartnerUnavailable("maintenance", partner=self.partner, code="50001")
        outcomes = {}
        for s in submissions:
            if any(line.sku == "REFUSE" for line in s.order.lines.all()):
                outcomes[s.pk] = Outcome(S.REFUSED, issues=(PartnerIssue("30001", "REFUSE nicht lieferbar", "sku"),))
            else:
                outcomes[s.pk] = Outcome(S.ACCEPTED, partner_reference=f"D-{s.reference}",
                                         references={"DROPSHIP_ID": f"D-{s.reference}", "ORDERS_ID": "77"})
        return outcomes

    def reconcile(self, submission):
        return self.known

    def explain(self, issue, details=None):
        return ("product not deliverable", "replace or remove the line")


@pytest.fixture
def partner(monkeypatch):
    PartnerForTests.sent = []
    PartnerForTests.down = False
    PartnerForTests.known = None
    replace_spec(monkeypatch, "innocigs", adapter=f"{__name__}.PartnerForTests")
    return PartnerForTests


@pytest.fixture
def staff(db):
    """A staff user who may see orders but do nothing with partners; tests grant what they need."""

    def make(*codenames, username="bob"):
        user = User.objects.create_user(username=username, password="pw", is_staff=True)
        for codename in ("view_order", *codenames):
            user.user_permissions.add(Permission.objects.get(codename=codename))
        return user

    return make
