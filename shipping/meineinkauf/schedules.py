from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("meineinkauf_tracking", _("Read MeinEinkauf order states and tracking"), "orders.sync_tracking", "shipping.meineinkauf.tasks.tracking_sync_task", minutes=30,
                 help="MeinEinkauf orders changed since the last run: processing states, Swiss tracking, documents."),
    ScheduleSpec("meineinkauf_returns", _("Read MeinEinkauf returns"), "orders.sync_tracking", "shipping.meineinkauf.tasks.returns_sync_task", minutes=60,
                 help="MeinEinkauf returns changed since the last run, with their items, tour and tracking."),
]
