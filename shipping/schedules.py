"""The shipping schedules; `manage.py setup_schedules` creates them."""

from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("innoship_tracking", "shipping.innoship.tasks.tracking_sync_task",
                 title=_("Read Innoship parcel tracking"), permission="orders.sync_tracking",
                 minutes=30,
                 help="Polls Innoship for every booked parcel not yet delivered, returned or cancelled."),
    ScheduleSpec("sync_tracking_innocigs", "orders.innocigs.tasks.tracking_sync_task",
                 title=_("Read InnoCigs tracking"), permission="orders.sync_tracking",
                 minutes=60,
                 help="Reads InnoCigs' tracking of the last INNOCIGS_TRACKING_DAYS days and records new parcels."),
    ScheduleSpec("sync_delivery_notes_innocigs", "orders.innocigs.tasks.delivery_notes_sync_task",
                 title=_("Read InnoCigs delivery notes"), permission="orders.sync_tracking",
                 minutes=180,
                 help="Reads InnoCigs' delivery notes of the last INNOCIGS_TRACKING_DAYS days."),
    ScheduleSpec("assume_delivered", "shipping.tasks.assume_delivered_task",
                 title=_("Mark quiet shipped orders as delivered"), permission="orders.change_order",
                 minutes=24 * 60,
                 help="Marks as delivered (assumed) the shipped orders whose parcels reported no problem for "
                      "DELIVERY_ASSUMED_DAYS days."),
]
