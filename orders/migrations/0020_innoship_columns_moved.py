"""The courier options left the order for Innoship's own table (innoship.CourierOptions); innoship 0002 copied
them there first (it runs before this one, so this app need not name the partner's)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0019_dashboard_indexes'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='order',
            name='fixed_location_id',
        ),
        migrations.RemoveField(
            model_name='order',
            name='insurance_amount',
        ),
        migrations.RemoveField(
            model_name='order',
            name='open_package',
        ),
        migrations.RemoveField(
            model_name='order',
            name='service_id',
        ),
    ]
