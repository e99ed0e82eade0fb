# The standard orders now live as restocks (0005): the old tables go.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('innocigs', '0005_standard_orders_to_restocks'),
    ]

    operations = [
        migrations.RemoveField(model_name='deliverynoteitem', name='standard_order'),
        migrations.DeleteModel(name='StandardOrderLine'),
        migrations.DeleteModel(name='StandardOrder'),
    ]
