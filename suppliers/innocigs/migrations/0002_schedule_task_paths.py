"""Schedules are stored with the dotted path of their task: the InnoCigs tasks moved from orders.innocigs to
suppliers.innocigs, so rows created under the old path are pointed at the new one (setup_schedules does the same
by name, but a worker must not fail on the old path before anyone runs it)."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr

OLD, NEW = "orders.innocigs.", "suppliers.innocigs."


def _repoint(old, new):
    def run(apps, schema_editor):
        schedules = apps.get_model("django_q", "Schedule").objects.filter(func__startswith=old)
        schedules.update(func=Concat(Value(new), Substr("func", len(old) + 1)))

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("innocigs", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(_repoint(OLD, NEW), _repoint(NEW, OLD))]
