"""Shipping labels of Innoship bookings: one PDF per AWB, or many merged into one PDF for printing."""

from io import BytesIO

from django.conf import settings
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from backoffice.errors import PartnerError
from shipping.models import DeliveryState

from .client import PARTNER, InnoshipClient, Label


class LabelUnavailable(Exception):
    """No label could be had; the message names the shipment and why."""


def label_problem(shipment) -> str:
    """Why this shipment has no Innoship label, or ""."""
    if shipment.partner != PARTNER or not shipment.courier_id or not shipment.tracking_code:
        return "it is not an Innoship booking"
    if shipment.delivery_state == DeliveryState.CANCELLED:
        return "its booking is cancelled"
    return ""


def label_fetch(*, shipment, client=None) -> Label:
    problem = label_problem(shipment)
    if problem:
        raise LabelUnavailable(f"{shipment}: {problem}")
    client = client or InnoshipClient.from_settings()
    try:
        return client.label(shipment.courier_id, shipment.tracking_code, label_format=settings.INNOSHIP_LABEL_FORMAT,
                            related=shipment)
    except PartnerError as exc:
        raise LabelUnavailable(f"{shipment}: {exc.message}") from None


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
            failed.append(f"{shipment}: the label PDF is damaged ({exc})")
    if failed:
        raise LabelUnavailable("; ".join(failed))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
