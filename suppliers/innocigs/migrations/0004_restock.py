# A restock becomes an orders.Order on the route innocigs_restock; Restock keeps what only a restock has.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('innocigs', '0003_labels_in_words'),
        ('orders', '0018_labels_in_words'),
    ]

    operations = [
        migrations.CreateModel(
            name='Restock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('carrier', models.CharField(blank=True, choices=[('', "InnoCigs' default (DHL)"), ('DHL', 'DHL'), ('UPS', 'UPS')], max_length=10, verbose_name='carrier')),
                ('created_by', models.CharField(max_length=120, verbose_name='created by')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('order', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='restock', to='orders.order', verbose_name='order')),
            ],
            options={
                'verbose_name': 'InnoCigs standard order',
                'verbose_name_plural': 'standard orders',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='deliverynoteitem',
            name='restock',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='delivery_items', to='innocigs.restock', verbose_name='standard order'),
        ),
    ]
