from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("meineinkauf_tracking", "shipping.meineinkauf.tasks.tracking_sync_task", minutes=30,
                 help="MeinEinkauf orders changed since the last run: processing states, Swiss tracking, documents."),
    ScheduleSpec("meineinkauf_returns", "shipping.meineinkauf.tasks.returns_sync_task", minutes=60,
                 help="MeinEinkauf returns changed since the last run, with their items, tour and tracking."),
]
