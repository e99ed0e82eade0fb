"""The dashboard's work inbox: one row per thing that needs a person, with the reason and the next step.

Each app contributes rows through an `inbox_rows()` (its own queries, a few rows of each kind, the most urgent
first); a kind with more rows than shown says so and links to the list of all of them. A failing source is
logged and named, so one broken query never takes the admin index down (as with the dashboard's figures).
"""

import logging
from dataclasses import dataclass

from django.utils.module_loading import import_string

from backoffice.counting import DASHBOARD_CAP, capped_count

log = logging.getLogger(__name__)

ROWS_PER_KIND = 5

# The core apps' sources; each partner's comes from its PartnerSpec, so a new partner needs no edit here.
CORE_INBOX_SOURCES = [
    "orders.inbox.inbox_rows",
    "shipping.inbox.inbox_rows",
    "backoffice.inbox.partner_rows",
]


def inbox_sources() -> list[str]:
    from backoffice.registry import partner_specs

    core, partner_health = CORE_INBOX_SOURCES[:-1], CORE_INBOX_SOURCES[-1:]
    return [*core, *(spec.inbox for spec in partner_specs() if spec.inbox), *partner_health]


@dataclass(frozen=True)
class InboxRow:
    kind: str  # what needs doing, in words, e.g. "Refused by InnoCigs"
    subject: str  # the order, parcel or return, e.g. "A1008"
    url: str  # its admin page, where the next step is done
    reason: str  # why, in our words
    next_step: str  # what the person does now
    partner_text: str = ""  # the partner's own words, as they came
    action: str = ""  # the button's label, leading to `url`
    tone: str = "warn"  # "warn" or "alert"


@dataclass(frozen=True)
class More:
    kind: str
    count: int  # how many there are in all (capped counts read "1000+")
    url: str  # the list of all of them


def inbox():
    """(rows, more, failed sources)."""
    rows, more, failed = [], [], []
    for source in inbox_sources():
        try:
            for item in import_string(source)():
                (more if isinstance(item, More) else rows).append(item)
        except Exception:
            log.exception("Inbox rows from %s failed.", source)
            failed.append(source)
    rows.sort(key=lambda row: row.tone != "alert")  # alerts first, each source's order kept
    return rows, more, failed


def capped(queryset, limit=ROWS_PER_KIND):
    """The first `limit` objects and how many there are in all, counted up to DASHBOARD_CAP ("1,000+"). The count
    runs whether or not there are more, so the dashboard's queries are the same whatever the data."""
    return list(queryset[:limit]), capped_count(queryset, DASHBOARD_CAP)


def partner_rows():
    """A partner whose login or key is refused: nothing reaches it until someone fixes the credentials."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from backoffice.models import PartnerHealth
    from backoffice.registry import partner_spec

    rows = []
    for health in PartnerHealth.objects.filter(ok=False).order_by("partner"):
        # The partners word a refused login differently ("API key refused", "refused the account", HTTP 401/403).
        words = health.detail.lower()
        if not any(hint in words for hint in ("key refused", "refused the account", "credentials", "401", "403")):
            continue
        try:
            label = partner_spec(health.partner).label
        except KeyError:
            label = health.partner
        rows.append(InboxRow(
            kind=_("Credentials refused"), subject=label,
            url=reverse("admin:backoffice_partnerhealth_change", args=[health.pk]),
            reason=_("%(partner)s refuses our login, so nothing is sent to it.") % {"partner": label},
            next_step=_("Check the login or key in the settings with the partner, then run the partner check."),
            partner_text=health.detail, action=_("Open the partner health"), tone="alert"))
    return rows
