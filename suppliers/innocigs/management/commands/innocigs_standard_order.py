from django.core.management.base import BaseCommand, CommandError

from backoffice.actors import acting_as
from suppliers.innocigs.models import StandardOrder
from suppliers.innocigs.standard_orders import StandardOrderInvalid, standard_order_create, standard_order_send


def article(value):
    sku, _, quantity = value.rpartition(":")
    try:
        return sku, int(quantity)
    except ValueError:
        raise ValueError(f"{value!r} is not ARTICLE:QUANTITY") from None


class Command(BaseCommand):
    help = ("Places a standard order (restock to the shop's own address) at InnoCigs: "
            "ARTICLE:QUANTITY ..., optionally with --carrier. With only --number, sends that standard order "
            "again if it is still ready (e.g. after maintenance) or says what became of it.")

    def add_arguments(self, parser):
        parser.add_argument("articles", nargs="*", type=article, metavar="ARTICLE:QUANTITY")
        parser.add_argument("--carrier", choices=["DHL", "UPS"], default="", help="InnoCigs ships DHL by default")
        parser.add_argument("--number", default="", help="our order number (default RESTOCK-<id>)")

    def handle(self, *args, articles, carrier, number, **options):
        with acting_as("command:innocigs_standard_order") as actor:
            if articles:
                try:
                    order = standard_order_create(lines=articles, carrier=carrier, number=number, actor=actor)
                except StandardOrderInvalid as exc:
                    raise CommandError("Not sent: " + "; ".join(str(p) for p in exc.problems)) from None
            elif number:
                order = StandardOrder.objects.filter(number=number).first()
                if order is None:
                    raise CommandError(f"No standard order {number}.")
            else:
                raise CommandError("Give ARTICLE:QUANTITY arguments, or --number of an existing standard order.")
            order = standard_order_send(standard_order=order, actor=actor)
        line = f"{order.number}: {order.get_state_display()}" + (f" – {order.message}" if order.message else "")
        if order.orders_id:
            line += f" (ORDERS_ID {order.orders_id})"
        for error in order.errors:
            line += f"\n  {error['code']} {error['message']}: {error['explanation']} {error['next_step']}".rstrip()
        if order.state in (StandardOrder.State.PLACED, StandardOrder.State.TEST_OK):
            self.stdout.write(line)
        else:
            raise CommandError(line)
