"""InnoCigs' standard orders and delivery notes, taken over from the orders app (their tables renamed in orders 0012)."""

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
        ("orders", "0012_partner_tables"),
        ("suppliers", "0004_product_clp_infos"),
    ]

    operations = [
        # The tables exist already (renamed by the old app's migration): only the state is created here.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='DeliveryNote',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.CharField(max_length=60, unique=True, verbose_name='delivery number')),
                    ('day', models.DateField(db_index=True, help_text='The day InnoCigs lists it under.')),
                    ('parcels', models.JSONField(blank=True, default=list, help_text='Each: carrier, code, url.')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                ],
                options={
                    'verbose_name': 'InnoCigs delivery note',
                    'ordering': ['-day', '-id'],
                },
            ),
            migrations.CreateModel(
                name='StandardOrder',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.CharField(help_text="Our order number; InnoCigs' ORDERS_NUMBER.", max_length=64, unique=True)),
                    ('carrier', models.CharField(blank=True, choices=[('', "InnoCigs' default (DHL)"), ('DHL', 'DHL'), ('UPS', 'UPS')], max_length=10)),
                    ('state', models.CharField(choices=[('ready', 'Ready to send'), ('sending', 'Sending'), ('placed', 'Placed'), ('refused', 'Refused'), ('unknown', 'Unknown: check InnoCigs'), ('test_ok', 'Validated in test mode')], db_index=True, default='ready', max_length=20)),
                    ('test_mode', models.BooleanField(default=False)),
                    ('orders_id', models.CharField(blank=True, db_index=True, max_length=40, verbose_name='InnoCigs ORDERS_ID')),
                    ('errors', models.JSONField(blank=True, default=list, help_text='Each: code, message, explanation, next_step.')),
                    ('message', models.TextField(blank=True, help_text='The last outcome, in words.')),
                    ('created_by', models.CharField(max_length=120)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('sent_at', models.DateTimeField(blank=True, null=True)),
                    ('finished_at', models.DateTimeField(blank=True, null=True)),
                ],
                options={
                    'verbose_name': 'InnoCigs standard order',
                    'ordering': ['-created_at', '-id'],
                },
            ),
            migrations.CreateModel(
                name='DeliveryNoteItem',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('orders_number', models.CharField(blank=True, db_index=True, max_length=64)),
                    ('orders_id', models.CharField(blank=True, max_length=40, verbose_name='InnoCigs ORDERS_ID')),
                    ('sku', models.CharField(blank=True, max_length=64, verbose_name='article number')),
                    ('quantity', models.PositiveIntegerField(blank=True, null=True)),
                    ('delivery_note', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='innocigs.deliverynote')),
                    ('standard_order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='delivery_items', to='innocigs.standardorder')),
                ],
                options={
                    'ordering': ['delivery_note', 'id'],
                },
            ),
            migrations.CreateModel(
                name='StandardOrderLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('sku', models.CharField(max_length=64, verbose_name='article number')),
                    ('quantity', models.PositiveIntegerField()),
                    ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='standard_order_lines', to='suppliers.product')),
                    ('standard_order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='innocigs.standardorder')),
                ],
                options={
                    'ordering': ['standard_order', 'id'],
                },
            ),
        ]),
        _move_content_types("orders", "innocigs", ["standardorder", "standardorderline", "deliverynote", "deliverynoteitem"]),
    ]
