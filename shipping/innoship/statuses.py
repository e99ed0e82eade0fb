"""Innoship's tables: status ids and what they mean for a shipment, couriers, services.

From Innoship's public status, courier and service tables (as published in its support pages and the
official SDKs). A status id of 100 or more is final; only 100 and 103 mean the parcel reached the customer.
"""

from shipping.models import DeliveryState

D = DeliveryState

# status id: (Innoship's name, the normalised delivery state)
STATUSES = {
    1: ("New", D.RECORDED),
    2: ("Picked-Up", D.IN_TRANSIT),
    3: ("Handover", D.IN_TRANSIT),
    10: ("In Courier WH", D.IN_TRANSIT),
    20: ("In Transit", D.IN_TRANSIT),
    30: ("Out for Delivery", D.OUT_FOR_DELIVERY),
    31: ("Bad Address", D.INCIDENT),
    33: ("Damaged", D.INCIDENT),
    34: ("Delayed", D.IN_TRANSIT),
    35: ("Not Delivered", D.INCIDENT),
    36: ("Not Home", D.INCIDENT),
    37: ("Closed on Arrival", D.INCIDENT),
    38: ("On hold", D.INCIDENT),
    39: ("Redirected", D.IN_TRANSIT),
    40: ("Refused", D.INCIDENT),
    41: ("Scan Error / Missing Info", D.INCIDENT),
    42: ("Scheduled", D.IN_TRANSIT),
    43: ("Security Check", D.INCIDENT),
    44: ("Customer pick-up", D.OUT_FOR_DELIVERY),
    45: ("Loaded into locker", D.OUT_FOR_DELIVERY),
    46: ("Storage duration exceeded", D.INCIDENT),
    47: ("Locker issues", D.INCIDENT),
    100: ("Delivered", D.DELIVERED),
    101: ("Destroyed", D.INCIDENT),
    102: ("Lost", D.INCIDENT),
    103: ("Partial Delivery", D.DELIVERED),
    104: ("Returned", D.RETURNED),
    105: ("Compensated", D.INCIDENT),
    106: ("Canceled", D.CANCELLED),
    107: ("Canceled by Carrier", D.CANCELLED),
    108: ("Canceled by System", D.CANCELLED),
    109: ("Tracking expired", D.INCIDENT),
    110: ("Return Confirmed", D.RETURNED),
}
FIRST_FINAL = 100
# As strings, the way TrackingEvent.status_code keeps them: a shipment with one of these is never polled again,
# even when its state is an incident (lost, destroyed, tracking expired) that staff must settle by hand.
FINAL_CODES = tuple(str(code) for code in STATUSES if code >= FIRST_FINAL)
CANCELLED_IDS = frozenset({106, 107, 108})


def delivery_state(status_id) -> str:
    """The normalised state of an Innoship status id; an unknown id is judged by its range."""
    if status_id in STATUSES:
        return STATUSES[status_id][1]
    if status_id is None or status_id < 2:
        return D.RECORDED
    # Innoship numbers exceptions from 31 up and final states from 100: an unknown one needs a person.
    return D.INCIDENT if status_id >= 31 else D.IN_TRANSIT


def status_name(status_id) -> str:
    return STATUSES.get(status_id, (f"status {status_id}", None))[0]


# Innoship's courier table (ids are stable; names are what staff see as the carrier).
COURIERS = {
    1: "Cargus", 2: "DPD", 3: "FanCourier", 4: "GLS", 5: "Nemo", 6: "Sameday", 7: "ExpressOne", 8: "Econt",
    9: "TeamCourier", 10: "DHL Romania", 11: "Posta Romana", 12: "Posta Panduri", 13: "GLS Hungary",
    14: "DragonStar", 15: "Packeta", 16: "Bookurier", 17: "Asendia", 18: "TNT", 19: "Speedy Bulgaria",
    20: "GLS Croatia", 21: "GLS Czech Republic", 22: "GLS Slovenia", 23: "GLS Slovakia", 24: "InOut",
    25: "Stack Courier", 26: "Gebruder Weiss", 27: "Pallex", 28: "Geniki Taxydromiki", 29: "Courier Manager",
    30: "GLS Italy", 31: "ECourier", 32: "Unimasters", 33: "TCE", 34: "Transilvania Post", 35: "Bulgarian Post",
    36: "Evropat Bulgaria", 37: "SMP Courier", 38: "DHL Germany", 39: "Raben", 40: "Memex", 41: "PTT Express",
    42: "XD Courier", 43: "Intelligent Logistik", 44: "Nova Poshta Moldova", 45: "Pink Post", 46: "Strongo",
    47: "DHL Paket Germany", 48: "DHL Parcel Poland", 49: "BeeFast", 50: "InPost Poland", 51: "KLG",
    52: "Schenker", 53: "Eastride", 54: "Kargo", 55: "Sunday Courier",
}


def courier_name(courier_id) -> str:
    return COURIERS.get(courier_id, f"Innoship courier {courier_id}")


SERVICES = {
    1: "National Standard", 2: "eMag Marketplace", 3: "Lockers", 4: "PUDO (pick-up / drop-off)",
    5: "International Road", 51: "International Air", 6: "National Same-Day", 11: "National Cargo",
    12: "National Pallet",
}


def service_name(service_id) -> str:
    return SERVICES.get(service_id, f"service {service_id}")
