"""Innoship's own tables: the courier options of an order and what a booking said about its shipment (their values
come from the core's columns in 0002)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('orders', '0018_labels_in_words'),
        ('shipping', '0009_shipment_filter_sort_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='CourierBooking',
            fields=[
                ('shipment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='innoship_booking', serialize=False, to='shipping.shipment', verbose_name='shipment')),
                ('courier_id', models.PositiveIntegerField(blank=True, help_text="Innoship's courier id.", null=True, verbose_name='courier id')),
                ('price_amount', models.DecimalField(blank=True, decimal_places=2, help_text='Before VAT.', max_digits=10, null=True, verbose_name='price amount')),
                ('price_vat', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True, verbose_name='VAT')),
                ('price_total', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True, verbose_name='price total')),
                ('price_currency', models.CharField(blank=True, max_length=3, verbose_name='price currency')),
                ('expected_delivery', models.DateField(blank=True, null=True, verbose_name='calculated delivery date')),
                ('parcel_barcodes', models.JSONField(blank=True, default=list, help_text="The courier's barcode of each parcel.", verbose_name='parcel barcodes')),
                ('booking_extra', models.JSONField(blank=True, default=dict, help_text="Innoship's reply 'Extra': the extra services as booked, with any changes its rules made.", verbose_name='extra services as booked')),
            ],
            options={
                'verbose_name': 'Courier booking',
                'verbose_name_plural': 'Courier bookings',
            },
        ),
        migrations.CreateModel(
            name='CourierOptions',
            fields=[
                ('order', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='innoship_options', serialize=False, to='orders.order', verbose_name='order')),
                ('service_id', models.PositiveIntegerField(blank=True, help_text='Empty: INNOSHIP_SERVICE_ID.', null=True, verbose_name='service id')),
                ('fixed_location_id', models.CharField(blank=True, max_length=64, verbose_name='locker / pick-up point')),
                ('insurance_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True, verbose_name='insurance amount')),
                ('open_package', models.BooleanField(default=False, verbose_name='open package')),
            ],
            options={
                'verbose_name': 'Courier options (Innoship)',
                'verbose_name_plural': 'Courier options (Innoship)',
            },
        ),
    ]
