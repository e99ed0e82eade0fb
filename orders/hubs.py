"""The parcels between two legs (a Swiss order: InnoCigs ships to MeinEinkauf's hub), as orders may ask.

Parcels are shipping's, a layer above orders, so the hub partner's spec names the read (PartnerSpec.hub).
"""

from django.utils.module_loading import import_string

from backoffice.registry import partner_spec


def with_hub_parcels(orders, hub_partner):
    """The orders of `orders` with a parcel on its way to `hub_partner`'s hub. Parcels are shipping's, a layer
    above orders: the hub partner's spec names the read."""
    spec = partner_spec(hub_partner)
    return import_string(spec.hub)(orders, hub_partner) if spec.hub else orders.none()
