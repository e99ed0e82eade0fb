"""Tracking of Innoship bookings: one call per courier and up to 200 AWBs, for shipments not yet final."""

from datetime import timedelta
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.actors import acting_as
from backoffice.errors import PartnerAuthError, PartnerError
from backoffice.partners import partner_config
from backoffice.stored_texts import in_english
from shipping.models import FINAL_STATES, DeliveryState, Shipment
from shipping.services import TrackingUpdate, shipment_apply_tracking
from shipping.tracking import TrackingSyncFailed

from .client import PARTNER, TRACK_BATCH, InnoshipClient, Tracking
from .statuses import FINAL_CODES, delivery_state


def shipments_to_poll(*, day=None, days=None):
    """Innoship shipments whose courier has not reported a final status; optionally only those booked on
    `day` or in the last `days` days."""
    shipments = (Shipment.objects.filter(partner=PARTNER, innoship_booking__courier_id__isnull=False)
                 .exclude(tracking_code="").exclude(delivery_state__in=FINAL_STATES)
                 .exclude(events__status_code__in=FINAL_CODES))
    if day:
        shipments = shipments.filter(created_at__date=day)
    elif days:
        shipments = shipments.filter(created_at__gte=timezone.now() - timedelta(days=days))
    return shipments.select_related("order", "innoship_booking").order_by("innoship_booking__courier_id", "id")


def tracking_updates(tracking: Tracking) -> list[TrackingUpdate]:
    return [
        TrackingUpdate(occurred_at=e.occurred_at, delivery_state=delivery_state(e.status_id),
                       status_code=str(e.status_id), description=e.description, location=e.locality)
        for e in tracking.events
    ]


def tracking_sync(*, actor, day=None, days=None, progress=None) -> str:
    """Polls Innoship for every shipment not yet final, keeps each new status event and moves the shipment
    (and its order) to its latest state. Safe to run any number of times. Raises TrackingSyncFailed, after
    applying what was read, when a courier's batch could not be read.

    `progress`, when given, is a `backoffice.progress.Progress`: its total is set here and it advances per AWB.
    Returns a summary line.
    """
    if not partner_config(PARTNER).configured:
        return N_("Innoship is not configured (INNOSHIP_BASE_URL is empty); nothing polled.")
    shipments = list(shipments_to_poll(day=day, days=days))
    if progress is not None:
        progress.total = len(shipments)
    client = InnoshipClient.from_settings()
    polled = changed = unknown = 0
    failures = []
    reached = {state: 0 for state in DeliveryState.values}
    with acting_as(actor):
        for courier_id, group in groupby(shipments, key=lambda s: s.innoship_booking.courier_id):
            group = list(group)
            for start in range(0, len(group), TRACK_BATCH):
                batch = group[start : start + TRACK_BATCH]
                try:
                    found = {t.awb: t for t in client.track(courier_id, [s.tracking_code for s in batch])}
                except PartnerAuthError as exc:
                    raise TrackingSyncFailed(N_("Innoship tracking stopped: %(message)s") % {
                        "message": exc.message}) from None
                except PartnerError as exc:
                    failures.append(N_("courier %(courier)s: %(message)s") % {
                        "courier": courier_id, "message": exc.message})
                    continue
                finally:
                    if progress is not None:
                        progress.advance(len(batch))
                for shipment in batch:
                    tracking = found.get(shipment.tracking_code)
                    unknown += tracking is None
                    updates = tracking_updates(tracking) if tracking else []
                    if shipment_apply_tracking(shipment=shipment, updates=updates, actor=actor):
                        changed += 1
                        reached[max(updates, key=lambda u: u.occurred_at).delivery_state] += 1
                    polled += 1
    # Stored as the job's message in English, said in the reader's language where it is shown.
    summary = N_("Innoship tracking: shipments polled %(polled)d, changed state %(changed)d") % {
        "polled": polled, "changed": changed}
    moves = ", ".join(N_("%(state)s %(count)d") % {"state": in_english(DeliveryState(state).label), "count": count}
                      for state, count in reached.items() if count)
    if moves:
        summary = N_("%(summary)s (%(moves)s)") % {"summary": summary, "moves": moves}
    if unknown:
        summary = N_("%(summary)s; not known to Innoship yet %(unknown)d") % {"summary": summary, "unknown": unknown}
    if failures:
        raise TrackingSyncFailed(N_("%(summary)s; not reached: %(failures)s") % {
            "summary": summary, "failures": "; ".join(failures)})
    return summary
