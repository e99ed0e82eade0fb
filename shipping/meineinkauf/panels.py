"""The MeinEinkauf panel on the order page: id, processing state with its history, Swiss tracking, files
and returns. Rendered by templates/admin/shipping/meineinkauf_panel.html."""

from django.db.models import Prefetch

from shipping.meineinkauf import states
from shipping.meineinkauf.models import MeinEinkaufConsignment, MeinEinkaufOrder
from shipping.meineinkauf.partner import ROUTE
from shipping.meineinkauf.tracking import COUNTRY
from shipping.tracking import tracking_url

TEMPLATE = "admin/shipping/meineinkauf_panel.html"


def _consignment(consignment):
    shipment = consignment.shipment
    return {
        "reference": consignment.reference,
        "carrier": consignment.carrier,
        "tracking_number": consignment.tracking_number,
        "tracking_url": (shipment.tracking_url if shipment else "")
        or tracking_url(consignment.carrier, consignment.tracking_number, country=COUNTRY),
        "delivery_state": shipment.get_delivery_state_display() if shipment else "",
        "documents": list(consignment.documents.all()),
        "storage": {
            "cause": states.storage_words(consignment.storage["cause"]) if consignment.storage.get("cause") else "",
            "solution": states.storage_words(consignment.storage["solution"])
            if consignment.storage.get("solution") else "",
        },
        "extra": sorted(consignment.extra.items()),
    }


def order_panel(order, request=None) -> dict | None:
    record = (
        MeinEinkaufOrder.objects.filter(order=order)
        .prefetch_related("history", Prefetch(
            "consignments", MeinEinkaufConsignment.objects.select_related("shipment").prefetch_related("documents")))
        .first()
    )
    if order.route != ROUTE and record is None:
        return None
    consignments = [_consignment(c) for c in record.consignments.all()] if record else []
    return {
        "meineinkauf_applicable": order.route == ROUTE or record is not None,
        "meineinkauf_order": record,
        "meineinkauf_state": record.state if record and record.processing_state else None,
        "meineinkauf_history": [(step, step.words) for step in reversed(record.history.all())] if record else [],
        "meineinkauf_consignments": consignments,
        "meineinkauf_has_files": any(c["documents"] for c in consignments),
        "meineinkauf_extra": sorted(record.extra.items()) if record else [],
        "meineinkauf_returns": list(order.meineinkauf_returns.prefetch_related("items")),
    }
