"""The Zonos orders, taken over from the orders app (the table renamed in orders 0012)."""

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
    ]

    operations = [
        # The tables exist already (renamed by the old app's migration): only the state is created here.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ZonosOrder',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('zonos_id', models.CharField(help_text='With the store id, e.g. 999-99991.', max_length=40, unique=True, verbose_name='Zonos order id')),
                    ('short_id', models.CharField(db_index=True, help_text='Without the store id (99991): Zonos accepts both forms.', max_length=30)),
                    ('sequence', models.BigIntegerField(db_index=True, help_text="The numeric part, for 'since the last known order'.")),
                    ('placed_at', models.DateTimeField(blank=True, help_text='Empty: Zonos sent no readable timestamp.', null=True)),
                    ('test_order', models.BooleanField(db_index=True, default=False)),
                    ('status', models.CharField(blank=True, db_index=True, max_length=60, verbose_name='Zonos status')),
                    ('status_date', models.DateTimeField(blank=True, null=True)),
                    ('merchant_order_id', models.CharField(blank=True, help_text='The shop order number Zonos knows this order by.', max_length=100)),
                    ('first_seen_at', models.DateTimeField(auto_now_add=True)),
                    ('last_seen_at', models.DateTimeField(help_text='When a reconciliation last listed it.')),
                ],
                options={
                    'verbose_name': 'Zonos order',
                    'ordering': ['-sequence'],
                    'permissions': [('reconcile_zonos', 'Can run the Zonos reconciliation'), ('import_zonos', 'Can import orders from Zonos'), ('confirm_zonos', 'Can confirm merchant order ids to Zonos')],
                },
            ),
        ]),
        _move_content_types("orders", "zonos", ["zonosorder"]),
    ]
