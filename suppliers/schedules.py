"""The catalogue's schedules. Times of day and intervals can be changed in the admin's schedules afterwards."""

from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("sync_stock", "suppliers.tasks.sync_stock_task",
                 title=_("Sync stock from InnoCigs"), permission="suppliers.sync_catalogue",
                 minutes=15,
                 help="Stock of every InnoCigs model, every 15 minutes."),
    ScheduleSpec("sync_pending", "suppliers.tasks.sync_pending_task",
                 title=_("Sync backorders from InnoCigs"), permission="suppliers.sync_catalogue",
                 minutes=60,
                 help="Backorders (items InnoCigs has not shipped yet), hourly."),
    ScheduleSpec("sync_prices", "suppliers.tasks.sync_prices_task",
                 title=_("Sync prices from InnoCigs"), permission="suppliers.sync_catalogue",
                 cron="15 2 * * *",
                 help="Prices, graduated prices and other units, nightly at 02:15."),
    ScheduleSpec("sync_products", "suppliers.tasks.sync_products_task",
                 title=_("Sync the catalogue from InnoCigs"), permission="suppliers.sync_catalogue",
                 cron="45 2 * * *",
                 help="The extended catalogue with descriptions, nightly at 02:45."),
]
