"""Shipping labels of Innoship bookings: one PDF per AWB, or many merged into one PDF for printing."""

from io import BytesIO

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from backoffice.errors import PartnerError
from shipping.models import DeliveryState

from .cancel import NOT_INNOSHIP
from .client import PARTNER, InnoshipClient, Label
from .models import booking_for

LABEL_PERMISSION = "orders.download_innoship_labels"  # fetching a label is a call to Innoship

# Said to the person asking, in their language (never stored).
LABEL_PROBLEM = gettext_lazy("%(shipment)s: %(problem)s")


class LabelUnavailable(Exception):
    """No label could be had; the message names the shipment and why."""


def label_problem(shipment) -> str:
    """Why this shipment has no Innoship label, or ""."""
    if shipment.partner != PARTNER or not booking_for(shipment).courier_id or not shipment.tracking_code:
        return str(NOT_INNOSHIP)
    if shipment.delivery_state == DeliveryState.CANCELLED:
        return _("its booking is cancelled")
    return ""


def label_fetch(*, shipment, client=None) -> Label:
    problem = label_problem(shipment)
    if problem:
        raise LabelUnavailable(LABEL_PROBLEM % {"shipment": shipment, "problem": problem})
    client = client or InnoshipClient.from_settings()
    try:
        return client.label(booking_for(shipment).courier_id, shipment.tracking_code,
                            label_format=settings.INNOSHIP_LABEL_FORMAT, related=shipment)
    except PartnerError as exc:
        raise LabelUnavailable(LABEL_PROBLEM % {"shipment": shipment, "problem": exc.message}) from None


def labels_merge(*, shipments) -> bytes:
    """The labels of all `shipments` as one PDF, in the given order; all or nothing, so no parcel is left
    without its label unnoticed. Raises LabelUnavailable naming every shipment that failed."""
    client = InnoshipClient.from_settings()
    writer = PdfWriter()
    failed = []
    for shipment in shipments:
        try:
            writer.append(PdfReader(BytesIO(label_fetch(shipment=shipment, client=client).content)))
        except LabelUnavailable as exc:
            failed.append(str(exc))
        except PdfReadError as exc:
            failed.append(_("%(shipment)s: the label PDF is damaged (%(error)s)") % {
                "shipment": shipment, "error": exc})
    if failed:
        raise LabelUnavailable("; ".join(failed))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def label_links(shipment, user) -> list[tuple[str, str]]:
    """The order page's link to a booked parcel's label (its PartnerSpec's `shipment_links`)."""
    if not booking_for(shipment).courier_id or not user.has_perm(LABEL_PERMISSION):
        return []
    return [(_("Label of %(parcel)s") % {"parcel": shipment.tracking_code or shipment.pk},
             reverse("admin:shipping_shipment_label", args=[shipment.pk]))]
