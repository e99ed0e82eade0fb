from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("reconcile_submissions", "orders.tasks.reconcile_submissions_task", minutes=10,
                 help="Turns submissions whose sender died into `unknown`, then settles every unknown one from "
                      "the partner's own data."),
]
