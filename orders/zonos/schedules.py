from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("reconcile_zonos", "orders.zonos.tasks.reconcile_zonos_task", minutes=60,
                 help="Lists the Zonos orders since the last known one (and refreshes recent statuses)."),
]
