from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("meineinkauf_tracking", "shipping.meineinkauf.tasks.tracking_sync_task",
                 title=_("Read MeinEinkauf order states and tracking"), permission="orders.sync_tracking",
                 minutes=30,
                 help="MeinEinkauf orders changed since the last run: processing states, Swiss tracking, documents."),
    ScheduleSpec("meineinkauf_returns", "shipping.meineinkauf.tasks.returns_sync_task",
                 title=_("Read MeinEinkauf returns"), permission="orders.sync_tracking",
                 minutes=60,
                 help="MeinEinkauf returns changed since the last run, with their items, tour and tracking."),
]
