"""Copies the courier options of every order and what Innoship said about every booked shipment from the core's
columns into this app's tables, before orders 0020 and shipping 0010 drop those columns (`run_before`, so the core
apps need not name this one).

A row is written only where some value differs from the default: a missing row means the defaults (`options_for`,
`booking_for`), so nothing is lost, and an order of another route that was given options keeps them, which copying
only the orders of the route innoship would not. Worked in batches of primary keys, so memory stays flat however
many orders there are. Backwards, the values go back to the columns (which the core migrations' reversal adds
again first).
"""

from django.db import migrations

BATCH = 2000
OPTIONS = ("service_id", "fixed_location_id", "insurance_amount", "open_package")
BOOKING = ("courier_id", "price_amount", "price_vat", "price_total", "price_currency", "expected_delivery",
           "parcel_barcodes", "booking_extra")


def _defaults(model, names):
    return {name: model._meta.get_field(name).get_default() for name in names}


def _batches(queryset, names):
    """Rows of `queryset` as dicts of `names` (and pk), BATCH at a time by primary key."""
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page.values("pk", *names)[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def _copy(core, target, link, names):
    defaults = _defaults(target, names)
    for rows in _batches(core.objects.all(), names):
        target.objects.bulk_create([
            target(**{f"{link}_id": row["pk"]}, **{name: row[name] for name in names})
            for row in rows if any(row[name] != defaults[name] for name in names)])


def _copy_back(core, target, link, names):
    for rows in _batches(target.objects.all(), names):
        core.objects.bulk_update([core(pk=row["pk"], **{name: row[name] for name in names}) for row in rows], names)


def forwards(apps, schema_editor):
    _copy(apps.get_model("orders", "Order"), apps.get_model("innoship", "CourierOptions"), "order", OPTIONS)
    _copy(apps.get_model("shipping", "Shipment"), apps.get_model("innoship", "CourierBooking"), "shipment", BOOKING)


def backwards(apps, schema_editor):
    _copy_back(apps.get_model("orders", "Order"), apps.get_model("innoship", "CourierOptions"), "order", OPTIONS)
    _copy_back(apps.get_model("shipping", "Shipment"), apps.get_model("innoship", "CourierBooking"), "shipment",
               BOOKING)


class Migration(migrations.Migration):

    dependencies = [
        ("innoship", "0001_initial"),
    ]
    run_before = [
        ("orders", "0020_innoship_columns_moved"),
        ("shipping", "0010_innoship_columns_moved"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
