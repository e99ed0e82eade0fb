"""The shipping schedules; `manage.py setup_schedules` creates them."""

from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("innoship_tracking", _("Read Innoship parcel tracking"), "orders.sync_tracking", "shipping.innoship.tasks.tracking_sync_task", minutes=30,
                 help="Polls Innoship for every booked parcel not yet delivered, returned or cancelled."),
    ScheduleSpec("sync_tracking_innocigs", _("Read InnoCigs tracking"), "orders.sync_tracking", "orders.innocigs.tasks.tracking_sync_task", minutes=60,
                 help="Reads InnoCigs' tracking of the last INNOCIGS_TRACKING_DAYS days and records new parcels."),
    ScheduleSpec("sync_delivery_notes_innocigs", _("Read InnoCigs delivery notes"), "orders.sync_tracking", "orders.innocigs.tasks.delivery_notes_sync_task", minutes=180,
                 help="Reads InnoCigs' delivery notes of the last INNOCIGS_TRACKING_DAYS days."),
    ScheduleSpec("assume_delivered", _("Mark quiet shipped orders as delivered"), "orders.change_order", "shipping.tasks.assume_delivered_task", minutes=24 * 60,
                 help="Marks as delivered (assumed) the shipped orders whose parcels reported no problem for "
                      "DELIVERY_ASSUMED_DAYS days."),
]
