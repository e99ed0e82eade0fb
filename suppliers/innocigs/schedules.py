from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("sync_tracking_innocigs", "suppliers.innocigs.tasks.tracking_sync_task",
                 title=_("Read InnoCigs tracking"), permission="orders.sync_tracking",
                 minutes=60,
                 help="Reads InnoCigs' tracking of the last INNOCIGS_TRACKING_DAYS days and records new parcels."),
    ScheduleSpec("sync_delivery_notes_innocigs", "suppliers.innocigs.tasks.delivery_notes_sync_task",
                 title=_("Read InnoCigs delivery notes"), permission="orders.sync_tracking",
                 minutes=180,
                 help="Reads InnoCigs' delivery notes of the last INNOCIGS_TRACKING_DAYS days."),
    ScheduleSpec("late_tracking_innocigs", "suppliers.innocigs.tasks.late_tracking_sync_task",
                 title=_("Ask InnoCigs about late dropships"), permission="orders.sync_tracking",
                 minutes=6 * 60,
                 help="Asks InnoCigs by order number about each open dropship older than INNOCIGS_TRACKING_DAYS "
                      "(until shipped, cancelled or INNOCIGS_LATE_TRACKING_DAYS old), so late cancellations "
                      "are seen."),
]
