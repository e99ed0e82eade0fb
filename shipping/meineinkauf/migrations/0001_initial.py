"""The MeinEinkauf models, taken over from the shipping app (their tables renamed in shipping 0005)."""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_types(old, new, names):
    """Moves the models' content types, so their permissions and the groups holding them stay as they were."""
    def forwards(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects
        for model in names:
            if not content_types.filter(app_label=new, model=model).exists():
                content_types.filter(app_label=old, model=model).update(app_label=new)

    def backwards(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects
        for model in names:
            if not content_types.filter(app_label=old, model=model).exists():
                content_types.filter(app_label=new, model=model).update(app_label=old)

    return migrations.RunPython(forwards, backwards)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("orders", "0011_order_delivered_by"),
        ("shipping", "0005_meineinkauf_tables"),
    ]

    operations = [
        # The tables exist already (renamed by the old app's migration): only the state is created here.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='MeinEinkaufSyncCursor',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('feed', models.CharField(max_length=40, unique=True)),
                    ('changed_until', models.DateTimeField(blank=True, null=True)),
                    ('synced_at', models.DateTimeField(blank=True, null=True)),
                    ('summary', models.TextField(blank=True)),
                ],
                options={
                    'verbose_name': 'MeinEinkauf sync cursor',
                },
            ),
            migrations.CreateModel(
                name='MeinEinkaufOrder',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('meineinkauf_id', models.PositiveBigIntegerField(unique=True, verbose_name='MeinEinkauf id')),
                    ('order_number', models.CharField(help_text='The order number as MeinEinkauf has it.', max_length=255)),
                    ('external_id', models.CharField(blank=True, max_length=255)),
                    ('processing_state', models.CharField(blank=True, db_index=True, help_text='As MeinEinkauf sent it, known to the doc or not.', max_length=100)),
                    ('state_changed_at', models.DateTimeField(blank=True, null=True)),
                    ('registered_at', models.DateTimeField(blank=True, help_text='When MeinEinkauf created the order.', null=True)),
                    ('extra', models.JSONField(blank=True, default=dict, help_text='Fields the doc does not describe, as they came.')),
                    ('synced_at', models.DateTimeField(blank=True, null=True)),
                    ('order', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='meineinkauf', to='orders.order')),
                ],
                options={
                    'verbose_name': 'MeinEinkauf order',
                    'ordering': ['-state_changed_at', '-id'],
                },
            ),
            migrations.CreateModel(
                name='MeinEinkaufConsignment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reference', models.CharField(max_length=100)),
                    ('external_id', models.CharField(blank=True, max_length=255)),
                    ('carrier', models.CharField(blank=True, help_text='The Swiss carrier, e.g. swisspost.', max_length=60)),
                    ('tracking_number', models.CharField(blank=True, max_length=100)),
                    ('storage', models.JSONField(blank=True, default=dict, help_text='Why MeinEinkauf stored the parcel, and how it was resolved.')),
                    ('items', models.JSONField(blank=True, default=list, help_text='Items MeinEinkauf lists on the consignment.')),
                    ('extra', models.JSONField(blank=True, default=dict, help_text='Fields the doc does not describe, as they came.')),
                    ('shipment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='meineinkauf_consignments', to='shipping.shipment')),
                    ('meineinkauf_order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consignments', to='meineinkauf.meineinkauforder')),
                ],
                options={
                    'verbose_name': 'consignment',
                    'ordering': ['meineinkauf_order', 'reference'],
                },
            ),
            migrations.CreateModel(
                name='MeinEinkaufReturn',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('meineinkauf_id', models.PositiveBigIntegerField(unique=True, verbose_name='MeinEinkauf id')),
                    ('reference', models.CharField(db_index=True, max_length=100)),
                    ('order_number', models.CharField(blank=True, help_text='As MeinEinkauf names the order.', max_length=255)),
                    ('order_meineinkauf_id', models.PositiveBigIntegerField(blank=True, null=True)),
                    ('processing_state', models.CharField(blank=True, db_index=True, max_length=100)),
                    ('state_changed_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                    ('registered_at', models.DateTimeField(blank=True, null=True)),
                    ('tour_id', models.PositiveBigIntegerField(blank=True, null=True)),
                    ('mrn_de', models.CharField(blank=True, help_text='German customs reference.', max_length=60, verbose_name='MRN Germany')),
                    ('mrn_ch', models.CharField(blank=True, help_text='Swiss customs reference.', max_length=60, verbose_name='MRN Switzerland')),
                    ('transfer_date', models.DateField(blank=True, null=True)),
                    ('carrier', models.CharField(blank=True, max_length=60)),
                    ('tracking_number', models.CharField(blank=True, db_index=True, max_length=100)),
                    ('label', models.JSONField(blank=True, default=dict, help_text='The return label file MeinEinkauf lists.')),
                    ('extra', models.JSONField(blank=True, default=dict, help_text='Fields the doc does not describe, as they came.')),
                    ('handled_at', models.DateTimeField(blank=True, db_index=True, help_text='When staff settled the return (refund, goods checked).', null=True)),
                    ('handled_by', models.CharField(blank=True, max_length=120)),
                    ('synced_at', models.DateTimeField(blank=True, null=True)),
                    ('order', models.ForeignKey(blank=True, help_text='Empty: the shop has no order with that number.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='meineinkauf_returns', to='orders.order')),
                ],
                options={
                    'verbose_name': 'MeinEinkauf return',
                    'ordering': ['-state_changed_at', '-id'],
                    'permissions': [('handle_meineinkaufreturn', 'Can mark MeinEinkauf returns as handled')],
                },
            ),
            migrations.CreateModel(
                name='MeinEinkaufReturnItem',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('item_key', models.CharField(help_text="The item's reference, or its id or position without one.", max_length=120)),
                    ('meineinkauf_id', models.PositiveBigIntegerField(blank=True, null=True)),
                    ('reference', models.CharField(blank=True, max_length=100)),
                    ('article_number', models.CharField(blank=True, max_length=255)),
                    ('article_name', models.CharField(blank=True, max_length=255)),
                    ('article_external_id', models.CharField(blank=True, max_length=255)),
                    ('reason', models.CharField(blank=True, db_index=True, max_length=100)),
                    ('state', models.CharField(blank=True, max_length=100)),
                    ('extra', models.JSONField(blank=True, default=dict)),
                    ('meineinkauf_return', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='meineinkauf.meineinkaufreturn')),
                ],
                options={
                    'verbose_name': 'item',
                    'ordering': ['meineinkauf_return', 'id'],
                },
            ),
            migrations.CreateModel(
                name='MeinEinkaufReturnStateChange',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('state', models.CharField(max_length=100)),
                    ('changed_at', models.DateTimeField()),
                    ('meineinkauf_return', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history', to='meineinkauf.meineinkaufreturn')),
                ],
                options={
                    'ordering': ['changed_at', 'id'],
                    'abstract': False,
                },
            ),
            migrations.CreateModel(
                name='MeinEinkaufStateChange',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('state', models.CharField(max_length=100)),
                    ('changed_at', models.DateTimeField()),
                    ('meineinkauf_order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history', to='meineinkauf.meineinkauforder')),
                ],
                options={
                    'ordering': ['changed_at', 'id'],
                    'abstract': False,
                },
            ),
            migrations.CreateModel(
                name='MeinEinkaufDocument',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('invoice', 'Customer invoice'), ('label', 'Swiss parcel label'), ('gas_label', 'GAS label')], max_length=20)),
                    ('name', models.CharField(max_length=255)),
                    ('mime_type', models.CharField(blank=True, max_length=100)),
                    ('extension', models.CharField(blank=True, max_length=20)),
                    ('size', models.PositiveBigIntegerField(blank=True, help_text='Bytes.', null=True)),
                    ('carrier', models.CharField(blank=True, max_length=60)),
                    ('tracking_number', models.CharField(blank=True, max_length=100)),
                    ('consignment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='meineinkauf.meineinkaufconsignment')),
                ],
                options={
                    'ordering': ['consignment', 'kind', 'name'],
                    'constraints': [models.UniqueConstraint(fields=('consignment', 'kind', 'name'), name='unique_meineinkauf_document')],
                },
            ),
            migrations.AddConstraint(
                model_name='meineinkaufconsignment',
                constraint=models.UniqueConstraint(fields=('meineinkauf_order', 'reference'), name='unique_meineinkauf_consignment'),
            ),
            migrations.AddConstraint(
                model_name='meineinkaufreturnitem',
                constraint=models.UniqueConstraint(fields=('meineinkauf_return', 'item_key'), name='unique_meineinkauf_return_item'),
            ),
            migrations.AddConstraint(
                model_name='meineinkaufreturnstatechange',
                constraint=models.UniqueConstraint(fields=('meineinkauf_return', 'state', 'changed_at'), name='unique_meineinkauf_return_state_change'),
            ),
            migrations.AddConstraint(
                model_name='meineinkaufstatechange',
                constraint=models.UniqueConstraint(fields=('meineinkauf_order', 'state', 'changed_at'), name='unique_meineinkauf_state_change'),
            ),
        ]),
        _move_content_types("shipping", "meineinkauf", ["meineinkauforder", "meineinkaufstatechange", "meineinkaufconsignment", "meineinkaufdocument", "meineinkaufreturn", "meineinkaufreturnstatechange", "meineinkaufreturnitem", "meineinkaufsynccursor"]),
    ]
