"""Submission.job goes (never set), and the InnoCigs and Zonos tables take the names of their own apps, which
take over the models in innocigs 0001 and zonos 0001 (orders 0013 then lets go of them)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("orders", "0011_order_delivered_by"),
    ]

    operations = [
        migrations.RemoveField(model_name="submission", name="job"),
        migrations.AlterModelTable(name="standardorder", table="innocigs_standardorder"),
        migrations.AlterModelTable(name="standardorderline", table="innocigs_standardorderline"),
        migrations.AlterModelTable(name="deliverynote", table="innocigs_deliverynote"),
        migrations.AlterModelTable(name="deliverynoteitem", table="innocigs_deliverynoteitem"),
        migrations.AlterModelTable(name="zonosorder", table="zonos_zonosorder"),
    ]
