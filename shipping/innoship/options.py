"""The courier options in the order import: Innoship's keys of the format (its PartnerSpec's `import_keys`),
saved as an order's CourierOptions in the import's transaction, and read back to compare a repeated import."""

from orders import validation as v
from orders.services.import_format import Key, PartnerKeys, model_amount, model_text

from .models import CourierOptions, options_for

KEYS = {
    "service_id": Key(lambda value: v.whole(value, minimum=1), default=None),
    "fixed_location_id": Key(model_text(CourierOptions, "fixed_location_id")),
    "insurance_amount": Key(model_amount(CourierOptions, "insurance_amount"), default=None),
    "open_package": Key(v.boolean, default=False),
}


def options_save(created):
    """A row for each new order whose options are not all the defaults (no row means the defaults)."""
    rows = [CourierOptions(order=order, **{name: data[name] for name in KEYS}) for order, data in created]
    CourierOptions.objects.bulk_create([row for row in rows if not row.is_default()])


def options_read(order) -> dict:
    options = options_for(order)
    return {name: getattr(options, name) for name in KEYS}


IMPORT_KEYS = PartnerKeys(keys=KEYS, save=options_save, read=options_read, related=("innoship_options",))
