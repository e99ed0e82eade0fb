"""Innoship's demo state: a booked parcel the courier reports as "Bad Address" (an incident)."""

from datetime import timedelta

from django.utils import timezone

from orders.demo.steps import ACTOR, S, demo_order, demo_submission
from shipping.innoship.statuses import STATUSES
from shipping.services import TrackingUpdate, shipment_apply_tracking, shipment_record

INCIDENT = "A1010"
BAD_ADDRESS = 31  # Innoship's status table (statuses.py): "Bad Address", an incident


def load_demo_states():
    order = demo_order(INCIDENT)
    if order is None:
        return []
    submission = demo_submission(order, partner="innoship", to=S.ACCEPTED, ago=timedelta(days=1),
                                 partner_reference="1Z999AA10123456784",
                                 references={"CourierShipmentId": "1Z999AA10123456784", "CourierName": "DPD"},
                                 message="booked: DPD 1Z999AA10123456784")
    shipment, _ = shipment_record(order=order, partner="innoship", carrier="DPD", tracking_code="1Z999AA10123456784",
                                  actor=ACTOR, submission=submission, shipped=False)
    now = timezone.now()
    name, state = STATUSES[2]
    updates = [TrackingUpdate(now - timedelta(hours=20), state, "2", name, "Hamburg"),
               TrackingUpdate(now - timedelta(hours=2), STATUSES[BAD_ADDRESS][1], str(BAD_ADDRESS),
                              STATUSES[BAD_ADDRESS][0], "Hamburg")]
    shipment_apply_tracking(shipment=shipment, updates=updates, actor=ACTOR)
    return [f"{INCIDENT} booked with Innoship, the courier reports a bad address"]
