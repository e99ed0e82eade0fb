"""The InnoCigs and Zonos models now belong to their own apps (innocigs, zonos): removed from this app's state
only, their tables stay (renamed in 0012)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("orders", "0012_partner_tables"),
        ("innocigs", "0001_initial"),
        ("zonos", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='deliverynoteitem',
                name='delivery_note',
            ),
            migrations.RemoveField(
                model_name='deliverynoteitem',
                name='standard_order',
            ),
            migrations.RemoveField(
                model_name='standardorderline',
                name='standard_order',
            ),
            migrations.RemoveField(
                model_name='standardorderline',
                name='product',
            ),
            migrations.DeleteModel(
                name='ZonosOrder',
            ),
            migrations.DeleteModel(
                name='DeliveryNote',
            ),
            migrations.DeleteModel(
                name='DeliveryNoteItem',
            ),
            migrations.DeleteModel(
                name='StandardOrder',
            ),
            migrations.DeleteModel(
                name='StandardOrderLine',
            ),
        ]),
    ]
