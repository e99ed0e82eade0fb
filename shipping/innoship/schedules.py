"""Innoship's schedules; `manage.py setup_schedules` creates them."""

from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("innoship_tracking", "shipping.innoship.tasks.tracking_sync_task",
                 title=_("Read Innoship parcel tracking"), permission="orders.sync_tracking", minutes=30,
                 help="Polls Innoship for every booked parcel not yet delivered, returned or cancelled."),
]
