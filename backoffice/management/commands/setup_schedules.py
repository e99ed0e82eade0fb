from django.core.management.base import BaseCommand
from django_q.models import Schedule

from backoffice.schedules import all_schedules


def _stored_kwargs(kwargs):
    # django-q2 keeps kwargs as text and reads it back with ast.literal_eval.
    return repr(dict(kwargs)) if kwargs else None


def _timing(schedule):
    return schedule.cron if schedule.schedule_type == Schedule.CRON else f"every {schedule.minutes} min"


class Command(BaseCommand):
    help = (
        "Creates every schedule by name, or brings its task up to date. Timing that staff changed in the "
        "admin is kept. Safe to run any number of times."
    )

    def handle(self, *args, verbosity=1, **options):
        verbs = []
        for spec in all_schedules():
            timing = (
                {"schedule_type": Schedule.CRON, "cron": spec.cron}
                if spec.cron
                else {"schedule_type": Schedule.MINUTES, "minutes": spec.minutes}
            )
            kwargs = _stored_kwargs(spec.kwargs)
            schedule, created = Schedule.objects.get_or_create(
                name=spec.name, defaults={"func": spec.func, "kwargs": kwargs, "repeats": -1, **timing}
            )
            if not created and (schedule.func != spec.func or (schedule.kwargs or None) != kwargs):
                schedule.func, schedule.kwargs = spec.func, kwargs
                schedule.save(update_fields=["func", "kwargs"])
                verb = "updated"
            else:
                verb = "created" if created else "unchanged"
            verbs.append(verb)
            if verbosity >= 1:
                self.stdout.write(f"{verb:9} {spec.name}: {_timing(schedule)}")
        counts = ", ".join(f"{verbs.count(v)} {v}" for v in ("created", "updated", "unchanged") if v in verbs)
        self.stdout.write(f"Schedules: {counts}.")
