"""Innoship's schedules; `manage.py setup_schedules` creates them."""

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("innoship_tracking", "shipping.innoship.tasks.tracking_sync_task", minutes=30,
                 help="Polls Innoship for every booked parcel not yet delivered, returned or cancelled."),
]
