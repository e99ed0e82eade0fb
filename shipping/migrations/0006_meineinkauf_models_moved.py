"""The MeinEinkauf models now belong to their own app (meineinkauf): removed from this app's state only, their
tables stay (renamed in 0005)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("shipping", "0005_meineinkauf_tables"),
        ("meineinkauf", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveConstraint(
                model_name='meineinkaufconsignment',
                name='unique_meineinkauf_consignment',
            ),
            migrations.RemoveConstraint(
                model_name='meineinkaufdocument',
                name='unique_meineinkauf_document',
            ),
            migrations.RemoveField(
                model_name='meineinkauforder',
                name='order',
            ),
            migrations.RemoveField(
                model_name='meineinkaufreturn',
                name='order',
            ),
            migrations.RemoveConstraint(
                model_name='meineinkaufreturnitem',
                name='unique_meineinkauf_return_item',
            ),
            migrations.RemoveConstraint(
                model_name='meineinkaufreturnstatechange',
                name='unique_meineinkauf_return_state_change',
            ),
            migrations.RemoveConstraint(
                model_name='meineinkaufstatechange',
                name='unique_meineinkauf_state_change',
            ),
            migrations.DeleteModel(
                name='MeinEinkaufSyncCursor',
            ),
            migrations.RemoveField(
                model_name='meineinkaufdocument',
                name='consignment',
            ),
            migrations.RemoveField(
                model_name='meineinkaufreturnitem',
                name='meineinkauf_return',
            ),
            migrations.RemoveField(
                model_name='meineinkaufreturnstatechange',
                name='meineinkauf_return',
            ),
            migrations.RemoveField(
                model_name='meineinkaufstatechange',
                name='meineinkauf_order',
            ),
            migrations.DeleteModel(
                name='MeinEinkaufConsignment',
            ),
            migrations.DeleteModel(
                name='MeinEinkaufDocument',
            ),
            migrations.DeleteModel(
                name='MeinEinkaufReturnItem',
            ),
            migrations.DeleteModel(
                name='MeinEinkaufReturn',
            ),
            migrations.DeleteModel(
                name='MeinEinkaufReturnStateChange',
            ),
            migrations.DeleteModel(
                name='MeinEinkaufOrder',
            ),
            migrations.DeleteModel(
                name='MeinEinkaufStateChange',
            ),
        ]),
    ]
