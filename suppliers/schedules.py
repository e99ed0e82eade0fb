"""The catalogue's schedules. Times of day and intervals can be changed in the admin's schedules afterwards."""

from backoffice.schedules import ScheduleSpec

DAY = 24 * 60

SCHEDULES = [
    ScheduleSpec("sync_stock", "suppliers.tasks.sync_stock_task", minutes=15,
                 help="Stock of every InnoCigs model, every 15 minutes."),
    ScheduleSpec("sync_pending", "suppliers.tasks.sync_pending_task", minutes=60,
                 help="Backorders (items InnoCigs has not shipped yet), hourly."),
    ScheduleSpec("sync_prices", "suppliers.tasks.sync_prices_task", minutes=DAY,
                 help="Prices, graduated prices and other units, daily (set the time with 'next run')."),
    ScheduleSpec("sync_products", "suppliers.tasks.sync_products_task", minutes=DAY,
                 help="The extended catalogue with descriptions, daily (set the time with 'next run')."),
]
