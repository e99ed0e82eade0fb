"""The MeinEinkauf tables take the names of their own app, which takes over the models in meineinkauf 0001
(shipping 0006 then lets go of them)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("shipping", "0004_innoship_booking_extra"),
    ]

    operations = [
        migrations.AlterModelTable(name="meineinkauforder", table="meineinkauf_meineinkauforder"),
        migrations.AlterModelTable(name="meineinkaufstatechange", table="meineinkauf_meineinkaufstatechange"),
        migrations.AlterModelTable(name="meineinkaufconsignment", table="meineinkauf_meineinkaufconsignment"),
        migrations.AlterModelTable(name="meineinkaufdocument", table="meineinkauf_meineinkaufdocument"),
        migrations.AlterModelTable(name="meineinkaufreturn", table="meineinkauf_meineinkaufreturn"),
        migrations.AlterModelTable(name="meineinkaufreturnstatechange", table="meineinkauf_meineinkaufreturnstatechange"),
        migrations.AlterModelTable(name="meineinkaufreturnitem", table="meineinkauf_meineinkaufreturnitem"),
        migrations.AlterModelTable(name="meineinkaufsynccursor", table="meineinkauf_meineinkaufsynccursor"),
    ]
