"""Tracking sync across partners: which function syncs whose tracking, and carriers' tracking pages.

Each partner's `tracking_sync(*, actor, day=None, days=None, progress=None) -> str` reads the partner's
tracking, records parcels through shipping.services and returns a one-line summary. Given a
backoffice.progress.Progress, it sets `progress.total` once it knows how much there is to do and calls
`progress.advance()` per unit done. When part of the sync failed it raises TrackingSyncFailed, whose message
is the summary with what failed; rerunning it records nothing twice.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop as N_

from backoffice.errors import PartnerError
from backoffice.registry import partner_specs
from backoffice.words import when


def trackers() -> dict[str, str]:
    """The partners with tracking, each with the dotted path of its tracking sync, as their PartnerSpecs say."""
    return {spec.name: spec.tracker for spec in partner_specs() if spec.tracker}

# A carrier's public tracking page for a code, by the country it delivers in (DPD's pages differ by country);
# matched by the carrier's name as partners spell it ("DHL Paket" is DHL, MeinEinkauf's "swisspost" Swiss Post).
CARRIER_PAGES = {
    "DE": {
        "DHL": "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={code}",
        "UPS": "https://www.ups.com/track?loc=de_DE&tracknum={code}",
        "DPD": "https://tracking.dpd.de/status/de_DE/parcel/{code}",
        "GLS": "https://gls-group.com/DE/de/paketverfolgung?match={code}",
        "HERMES": "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#{code}",
    },
    "CH": {
        "SWISSPOST": "https://service.post.ch/ekp-web/ui/entry/search/{code}",
        "DPD": "https://www.dpdgroup.com/ch/mydpd/my-parcels/incoming?parcelNumber={code}",
    },
}


class TrackerUnavailable(Exception):
    """The partner has no tracking sync."""


class TrackingSyncFailed(Exception):
    """Part of a sync failed; the message says what was done and what failed."""


def tracker(partner):
    """The partner's tracking_sync function, or TrackerUnavailable when it has none (its path is checked at
    start, backoffice.checks)."""
    paths = trackers()
    if partner not in paths:
        raise TrackerUnavailable(f"No tracking for {partner!r}; partners with tracking: {', '.join(paths)}.")
    return import_string(paths[partner])


def sync_days(*, day=None, days=None, default=3):
    """The days a by-day sync reads, oldest first: `day` alone, or the last `days` (today included)."""
    if day is not None:
        return [day]
    count = days if days is not None else default
    if count < 1:
        raise ValueError("A sync covers at least one day.")
    today = timezone.localdate()
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


@dataclass
class DayByDay:
    """What a by-day sync did: its counts, the days that failed (one bad day stops no other), and its span."""

    dates: list
    counts: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)

    @property
    def span(self):
        first, last = self.dates[0], self.dates[-1]
        return when(first) if first == last else f"{when(first)} to {when(last)}"

    def said(self, template) -> str:
        """`template` (a text of ours, marked N_) filled with the span and the counts, and the failed days after
        it when any failed; a count never reached is 0."""
        summary = template % _Figures(self.counts, span=self.span)
        if self.failures:
            return N_("%(summary)s; failed: %(failures)s") % {"summary": summary, "failures": "; ".join(self.failures)}
        return summary


class _Figures(dict):
    def __missing__(self, key):
        return 0


def sync_by_day(*, dates, fetch, apply, progress=None) -> DayByDay:
    """Calls `fetch(date)` for each day and `apply(reply, date, counts)` with what came back."""
    run = DayByDay(dates)
    if progress is not None:
        progress.total = len(dates)
    for date in dates:
        try:
            reply = fetch(date)
        except PartnerError as exc:
            run.failures.append(f"{when(date)}: {exc.message}")
        else:
            apply(reply, date, run.counts)
        if progress is not None:
            progress.advance()
    return run


def tracking_url(carrier, code, *, country="DE"):
    """The carrier's tracking page for `code` in `country`, or "" without a code or a known page."""
    name = (carrier or "").upper()
    for key, page in CARRIER_PAGES.get(country, {}).items():
        if code and key in name:
            return page.format(code=quote(code, safe=""))
    return ""
