from django.core.management.base import BaseCommand
from django_q.models import Schedule

from backoffice.schedules import all_schedules


class Command(BaseCommand):
    help = (
        "Creates every schedule by name, or brings its task up to date. Timing that staff changed in the "
        "admin is kept. Safe to run any number of times."
    )

    def handle(self, *args, **options):
        for spec in all_schedules():
            timing = (
                {"schedule_type": Schedule.CRON, "cron": spec.cron}
                if spec.cron
                else {"schedule_type": Schedule.MINUTES, "minutes": spec.minutes}
            )
            schedule, created = Schedule.objects.get_or_create(
                name=spec.name, defaults={"func": spec.func, "kwargs": spec.kwargs or None, "repeats": -1, **timing}
            )
            if not created and (schedule.func != spec.func or (schedule.kwargs or None) != (spec.kwargs or None)):
                schedule.func, schedule.kwargs = spec.func, spec.kwargs or None
                schedule.save(update_fields=["func", "kwargs"])
                verb = "updated"
            else:
                verb = "created" if created else "unchanged"
            self.stdout.write(f"{verb:9} {spec.name}: {spec.cron or f'every {spec.minutes} min'}")
