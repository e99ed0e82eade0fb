from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("reconcile_submissions", "orders.tasks.reconcile_submissions_task",
                 title=_("Settle submissions with an unknown outcome"), permission="orders.reconcile_submissions",
                 minutes=10,
                 help="Turns submissions whose sender died into `unknown`, then settles every unknown one from "
                      "the partner's own data."),
    ScheduleSpec("retry_submissions", "orders.tasks.retry_submissions_task",
                 title=_("Send again what a partner could not process"), permission="orders.reconcile_submissions",
                 minutes=5,
                 help="Sends again what a partner could not process earlier (maintenance, overload) once due."),
    ScheduleSpec("purge_personal_data", "orders.tasks.purge_personal_data_task",
                 title=_("Anonymise old closed orders"), permission="orders.delete_order",
                 cron="30 3 * * *",
                 help="Anonymises closed orders older than PERSONAL_DATA_RETENTION_DAYS."),
]
