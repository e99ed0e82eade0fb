"""InnoCigs tracking sync: parcels of accepted dropships, read by day, recorded as shipments.

Tracking often appears a day or more after shipping, so each run reads the last few days again; recording
is idempotent (a parcel is one shipment, found by carrier and code), so a rerun changes nothing.
"""


from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_noop as N_

from orders.models import Order, Submission
from orders.services.cancellations import submission_cancel
from orders.services.history import order_note
from orders.services.submissions import next_leg_queue, submission_reconcile
from shipping.services import shipment_record
from shipping.tracking import TrackingSyncFailed, sync_by_day, sync_days, tracking_url

from .client import orders_client

S = Submission.State


def tracking_sync(*, actor, day=None, days=None, progress=None) -> str:
    """Reads InnoCigs' tracking of `day`, or of the last `days` days, and records every parcel."""
    client = orders_client()
    run = sync_by_day(
        dates=sync_days(day=day, days=days, default=settings.INNOCIGS_TRACKING_DAYS), fetch=client.tracking_by_day,
        apply=lambda tracking, _date, counts: tracking_apply(tracking=tracking, actor=actor, counts=counts),
        progress=progress,
    )
    summary = run.said(N_(
        "InnoCigs tracking %(span)s: new parcels %(new)s (orders %(orders)s), already known %(known)s, unknown "
        "submissions settled %(settled)s, cancelled by InnoCigs %(cancelled)s, not matching an accepted dropship "
        "%(unmatched)s"))
    if run.failures:
        raise TrackingSyncFailed(summary)
    return summary


def tracking_apply(*, tracking, actor, counts) -> None:
    """Records the parcels and cancellations of one tracking reply against our submissions."""
    numbers = {d.orders_number for d in tracking.dropships} | {c.orders_number for c in tracking.cancellations}
    ids = {d.dropship_id for d in tracking.dropships} - {""}
    candidates = Submission.objects.filter(partner="innocigs", state__in=[S.ACCEPTED, S.UNKNOWN]).filter(
        Q(reference__in=numbers) | Q(partner_reference__in=ids)
    ).select_related("order")
    by_number = {s.reference: s for s in candidates}
    by_id = {s.partner_reference: s for s in candidates if s.partner_reference}

    for dropship in tracking.dropships:
        submission = by_number.get(dropship.orders_number) or by_id.get(dropship.dropship_id)
        if submission is not None and submission.state == S.UNKNOWN:
            submission = submission_reconcile(submission=submission, actor=actor)
            counts["settled"] += submission.state == S.ACCEPTED
        if submission is None or submission.state != S.ACCEPTED:
            counts["unmatched"] += 1
            continue
        _learn_references(submission, dropship, actor)
        new = 0
        for parcel in dropship.parcels:
            _, created = shipment_record(
                order=submission.order, partner="innocigs", carrier=parcel.carrier, tracking_code=parcel.code,
                actor=actor, submission=submission, tracking_url=tracking_url(parcel.carrier, parcel.code),
                delivery_number=dropship.delivery_number, details={"dropship_id": dropship.dropship_id},
            )
            new += created
        counts["new"] += new
        counts["known"] += len(dropship.parcels) - new
        counts["orders"] += bool(new)
        if new and submission.order.goes_via_hub:
            next_leg_queue(order=submission.order, actor=actor)  # the parcel is on its way to the hub

    for cancellation in tracking.cancellations:
        submission = by_number.get(cancellation.orders_number)
        if submission is not None and submission.state == S.UNKNOWN:
            submission_reconcile(submission=submission, actor=actor)
            counts["settled"] += 1
        elif submission is not None:
            counts["cancelled"] += _cancel(submission, cancellation, actor)


def _learn_references(submission, dropship, actor):
    """Fills the DROPSHIP_ID and delivery number of a dropship accepted without them (e.g. through 20011)."""
    learned = {k: v for k, v in (("DROPSHIP_ID", dropship.dropship_id), ("DELIVERY_NUMBER", dropship.delivery_number))
               if v and not submission.references.get(k)}
    if not learned:
        return
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        locked.references = {**locked.references, **learned}
        fields = ["references"]
        if not locked.partner_reference and dropship.dropship_id:
            locked.partner_reference = dropship.dropship_id
            fields.append("partner_reference")
            Order.objects.filter(pk=locked.order_id, partner_reference="").update(
                partner_reference=dropship.dropship_id)
        locked.save(update_fields=fields)
        order_note(order_id=locked.order_id, submission=locked, actor=actor,
                   note="from InnoCigs tracking: " + ", ".join(f"{k} {v}" for k, v in learned.items()))
    submission.references = locked.references
    submission.partner_reference = locked.partner_reference


def _cancel(submission, cancellation, actor) -> bool:
    """InnoCigs cancelled an accepted dropship: the submission ends, the order goes back to staff."""
    if submission.state != S.ACCEPTED:
        return False
    note = N_("InnoCigs cancelled the dropship (DROPSHIP_ID %(dropship)s): %(reason)s") % {
        "dropship": cancellation.dropship_id or "?", "reason": cancellation.message or N_("no reason given")}
    return submission_cancel(submission=submission, actor=actor, note=note, order_note_text=N_(
        "InnoCigs cancelled the dropship: ship it another way or cancel the order")) is not None
