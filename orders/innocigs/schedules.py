from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("late_tracking_innocigs", _("Ask InnoCigs about late dropships"), "orders.sync_tracking", "orders.innocigs.tasks.late_tracking_sync_task", minutes=6 * 60,
                 help="Asks InnoCigs by order number about each open dropship older than INNOCIGS_TRACKING_DAYS "
                      "(until shipped, cancelled or INNOCIGS_LATE_TRACKING_DAYS old), so late cancellations "
                      "are seen."),
]
