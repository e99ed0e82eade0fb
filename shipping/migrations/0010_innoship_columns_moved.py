"""What an Innoship booking said left the shipment for Innoship's own table (innoship.CourierBooking); innoship
0002 copied it there first (it runs before this one, so this app need not name the partner's)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('shipping', '0009_shipment_filter_sort_indexes'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='shipment',
            name='booking_extra',
        ),
        migrations.RemoveField(
            model_name='shipment',
            name='courier_id',
        ),
        migrations.RemoveField(
            model_name='shipment',
            name='expected_delivery',
        ),
        migrations.RemoveField(
            model_name='shipment',
            name='parcel_barcodes',
        ),
        migrations.RemoveField(
            model_name='shipment',
            name='price_amount',
        ),
        migrations.RemoveField(
            model_name='shipment',
            name='price_currency',
        ),
        migrations.RemoveField(
            model_name='shipment',
            name='price_total',
        ),
        migrations.RemoveField(
            model_name='shipment',
            name='price_vat',
        ),
    ]
