"""What each partner plugs into the one submission lifecycle.

The lifecycle (orders.services.submissions) owns claiming, idempotency, outcome recording and history.
A partner adapter only knows its partner: what it needs from an order, how to send a batch of
submissions, how to read the partner's own data to settle an unknown outcome, and what its error codes mean.
"""

import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from backoffice.errors import PartnerIssue
from backoffice.partners import partner_config
from backoffice.registry import partner_specs
from backoffice.stored_texts import SOURCE_LANGUAGE
from backoffice.words import field_words

_LINE_NUMBER = re.compile(r"^lines\[(?P<index>\d+)\]")
# A problem as stored and shown: where, then what ("line 1 (IC1): quantity must be at least 1").
PROBLEM_WORDS = N_("%(where)s: %(message)s")
NOT_SENT = N_("not sent: %(reason)s")  # a submission put back before or instead of its request


def adapter_paths() -> dict[str, str]:
    """The partners that take submissions, each with the dotted path of its adapter, as their PartnerSpecs say."""
    return {spec.name: spec.adapter for spec in partner_specs() if spec.adapter}


# The code of a partner issue made from a Problem the lifecycle found before any call.
LOCAL = "local"


@dataclass(frozen=True)
class Problem:
    """Why an order cannot be sent yet, found locally before any call. `field` is the path in our data (kept
    for code and tests); staff read `where`, its words. A problem of one order line names the line's article
    number in `line`, and its message names the field itself: "line 1 (IC10000L10-TE-3): quantity must be ..."."""

    field: str
    message: str
    line: str = ""

    @property
    def where(self) -> str:
        number = _LINE_NUMBER.match(self.field or "")
        if self.line and number:
            return _("line %(number)s (%(sku)s)") % {"number": int(number["index"]) + 1, "sku": self.line}
        if self.line:
            return _("line %(sku)s") % {"sku": self.line}
        return field_words(self.field)

    def __str__(self):
        where = self.where
        return PROBLEM_WORDS % {"where": where, "message": self.message} if where else self.message


def problems_text(problems) -> str:
    """Problems as they are stored (a hold reason, a job's line, a message): in English, whoever's request found
    them, and said in the reader's language where they are shown (backoffice.stored_texts)."""
    with translation.override(SOURCE_LANGUAGE):
        return "; ".join(str(problem) for problem in problems)


@dataclass(frozen=True)
class Outcome:
    """What the partner did with one submission."""

    # ACCEPTED, REFUSED or TEST_OK; UNKNOWN when the partner hints it may already have the order (e.g. a
    # reused number), keeping its errors; READY when the partner processed nothing for this one.
    state: str
    partner_reference: str = ""
    references: dict = field(default_factory=dict)
    issues: tuple[PartnerIssue, ...] = ()
    message: str = ""
    details: dict = field(default_factory=dict)


class PartnerAdapter:
    partner = ""
    label = ""
    batch_size = 1  # how many submissions one request may carry
    # True only where the partner documents a lookup whose "not found" means it never received the order;
    # otherwise "not found" leaves an unknown outcome to a person.
    absence_is_proof = False

    @property
    def test_mode(self):
        return False

    @property
    def timeout(self) -> tuple[float, float]:
        """(connect, read) seconds of one request to this partner: how long a claim must last, and how long
        a request that got no reply may still be on its way."""
        return partner_config(self.partner).timeout

    def problems(self, order) -> list[Problem]:
        """Everything that stops this order from being sent, in the shop's terms."""
        return []

    def problems_many(self, orders) -> dict:
        """{order id: its problems} for a batch of orders whose lines are loaded; a partner whose checks read
        more (the catalogue) overrides it to read that once for the whole batch."""
        return {order.pk: self.problems(order) for order in orders}

    def preview(self, order) -> list[tuple[str, str]]:
        """(label, value) pairs the confirmation page shows for this order, e.g. parcels and weight."""
        return []

    def reference(self, order) -> str:
        """The idempotency reference the partner sees; fixed before the first call."""
        return order.number

    def send(self, submissions) -> dict:
        """Sends a batch; returns {submission id: Outcome}. Raises PartnerError for batch-level failures."""
        raise NotImplementedError

    def reconcile(self, submission) -> Outcome | None:
        """Reads the partner's own data for a submission whose outcome is unknown.

        Returns the Outcome when the partner knows the order, None when its data shows no record (proof that it
        never arrived only where `absence_is_proof`). Raises PartnerError when the partner cannot tell now.
        """
        raise NotImplementedError

    def explain(self, issue: PartnerIssue, details=None) -> tuple[str, str]:
        """(explanation in English, next step for staff) for one reported issue; `details` are those of the
        Outcome that reported it (an explanation reads what the outcome says, never the adapter's state)."""
        return "", ""

    def accepted(self, submission, outcome: Outcome, actor):
        """Hook inside the transaction that records an acceptance, e.g. to create the shipment; `actor` is who
        sent it."""


def adapter_for(partner) -> PartnerAdapter:
    try:
        return import_string(adapter_paths()[partner])()
    except KeyError:
        raise ValueError(f"No partner adapter for {partner!r}") from None
