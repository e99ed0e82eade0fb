from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("late_tracking_innocigs", "orders.innocigs.tasks.late_tracking_sync_task",
                 title=_("Ask InnoCigs about late dropships"), permission="orders.sync_tracking",
                 minutes=6 * 60,
                 help="Asks InnoCigs by order number about each open dropship older than INNOCIGS_TRACKING_DAYS "
                      "(until shipped, cancelled or INNOCIGS_LATE_TRACKING_DAYS old), so late cancellations "
                      "are seen."),
]
