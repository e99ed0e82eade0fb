from datetime import date

from django.core.management.base import BaseCommand, CommandError

from orders.zonos.cli import run_with_progress
from orders.zonos.services import zonos_reconcile


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2026-11-20.") from None


class Command(BaseCommand):
    help = ("Lists the orders placed through Zonos / iGlobal and stores each (id, placed at, test order, status, "
            "merchant order id). By default: every order after the last known one, and the last "
            "ZONOS_RECONCILE_DAYS days again to refresh statuses.")

    def add_arguments(self, parser):
        parser.add_argument("--since-order-id", metavar="ID", help="Orders placed after this Zonos order id.")
        parser.add_argument("--since-date", metavar="YYYY-MM-DD", help="Orders placed on or after this day (UTC).")
        parser.add_argument("--through-date", metavar="YYYY-MM-DD", help="With --since-date: up to this day.")

    def handle(self, *args, since_order_id, since_date, through_date, **options):
        if since_order_id and since_date:
            raise CommandError("Give --since-order-id or --since-date, not both: Zonos lists either the orders "
                               "after one order or the orders from a day on.")
        if through_date and not since_date:
            raise CommandError("--through-date needs --since-date.")
        since_date, through_date = since_date and _date(since_date), through_date and _date(through_date)
        result = run_with_progress(
            self, actor="command:reconcile_zonos", label="Storing Zonos orders",
            failure="Zonos reconciliation failed",
            run=lambda actor, on_listed, on_item: zonos_reconcile(
                actor=actor, since_order_id=since_order_id, since_date=since_date, through_date=through_date,
                on_listed=on_listed, on_progress=on_item,
            ),
        )
        self.stdout.write(result.summary())
