"""The shipping schedules; `manage.py setup_schedules` creates them."""

from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("assume_delivered", "shipping.tasks.assume_delivered_task",
                 title=_("Mark quiet shipped orders as delivered"), permission="orders.change_order",
                 minutes=24 * 60,
                 help="Marks as delivered (assumed) the shipped orders whose parcels reported no problem for "
                      "DELIVERY_ASSUMED_DAYS days."),
]
