"""InnoCigs tracking by order: open dropships older than the by-day window are asked about one by one.

The by-day sync (tracking.py) reads only the last INNOCIGS_TRACKING_DAYS days, so a cancellation or a parcel
listed under an older day would never be seen. Each accepted dropship without a parcel, sent before that window
and less than INNOCIGS_LATE_TRACKING_DAYS days ago, is asked for with the reference's "Trackingdaten abfrage
(Order)" until it ships, is cancelled or grows too old; what comes back is applied exactly as the by-day sync
applies its replies.
"""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from backoffice.errors import PartnerError
from orders.models import Submission
from shipping.tracking import TrackingSyncFailed

from .client import orders_client
from .models import RESTOCK_ROUTE
from .tracking import tracking_apply


def late_dropships():
    """Accepted InnoCigs dropships without a parcel, sent before the by-day window and within the late window."""
    now = timezone.now()
    return (
        Submission.objects.filter(
            partner="innocigs", state=Submission.State.ACCEPTED, shipments__isnull=True,
            created_at__lt=now - timedelta(days=settings.INNOCIGS_TRACKING_DAYS),
            created_at__gte=now - timedelta(days=settings.INNOCIGS_LATE_TRACKING_DAYS),
        )
        .exclude(reference="")
        .exclude(order__route=RESTOCK_ROUTE)  # a restock ships under a delivery note, not as a dropship
        .order_by("created_at", "pk")
    )


def late_tracking_sync(*, actor, progress=None) -> str:
    """Asks InnoCigs for the tracking of every late dropship and records parcels and cancellations."""
    client = orders_client()
    numbers = list(late_dropships().values_list("reference", flat=True))
    counts, failures = Counter(), []
    if progress is not None:
        progress.total = len(numbers)
    for number in numbers:
        try:
            reply = client.tracking_by_order(number)
        except PartnerError as exc:
            failures.append(gettext("order {number}: {message}").format(number=number, message=exc.message))
        else:
            tracking_apply(tracking=reply, actor=actor, counts=counts)
        if progress is not None:
            progress.advance()
    summary = gettext(
        "InnoCigs tracking by order of {asked} open dropships older than {days} days: new parcels {new} "
        "(orders {orders}), cancelled by InnoCigs {cancelled}"
    ).format(asked=len(numbers), days=settings.INNOCIGS_TRACKING_DAYS, new=counts["new"], orders=counts["orders"],
             cancelled=counts["cancelled"])
    if failures:
        raise TrackingSyncFailed(gettext("{summary}; failed: {failures}").format(summary=summary,
                                                                                  failures="; ".join(failures)))
    return summary
