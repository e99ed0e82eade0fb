"""The catalogue's schedules. Times of day and intervals can be changed in the admin's schedules afterwards."""

from django.utils.translation import gettext_lazy as _

from backoffice.schedules import ScheduleSpec

SCHEDULES = [
    ScheduleSpec("sync_stock", _("Sync stock from InnoCigs"), "suppliers.sync_catalogue", "suppliers.tasks.sync_stock_task", minutes=15,
                 help="Stock of every InnoCigs model, every 15 minutes."),
    ScheduleSpec("sync_pending", _("Sync backorders from InnoCigs"), "suppliers.sync_catalogue", "suppliers.tasks.sync_pending_task", minutes=60,
                 help="Backorders (items InnoCigs has not shipped yet), hourly."),
    ScheduleSpec("sync_prices", _("Sync prices from InnoCigs"), "suppliers.sync_catalogue", "suppliers.tasks.sync_prices_task", cron="15 2 * * *",
                 help="Prices, graduated prices and other units, nightly at 02:15."),
    ScheduleSpec("sync_products", _("Sync the catalogue from InnoCigs"), "suppliers.sync_catalogue", "suppliers.tasks.sync_products_task", cron="45 2 * * *",
                 help="The extended catalogue with descriptions, nightly at 02:45."),
]
