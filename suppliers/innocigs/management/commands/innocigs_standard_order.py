from django.core.management.base import BaseCommand, CommandError

from backoffice.actors import acting_as
from backoffice.words import stored_words
from orders.models import Submission
from suppliers.innocigs.models import Restock
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
                    restock = standard_order_create(lines=articles, carrier=carrier, number=number, actor=actor)
                except StandardOrderInvalid as exc:
                    raise CommandError("Not sent: " + "; ".join(str(p) for p in exc.problems)) from None
            elif number:
                restock = Restock.objects.select_related("order").filter(order__number=number).first()
                if restock is None:
                    raise CommandError(f"No standard order {number}.")
            else:
                raise CommandError("Give ARTICLE:QUANTITY arguments, or --number of an existing standard order.")
            restock = standard_order_send(standard_order=restock, actor=actor)
        submission = restock.submission
        if submission is None:  # held back before any call (orders.services.submissions: order_blockers)
            raise CommandError(f"{restock.number}: not sent: {stored_words(restock.order.hold_reason)}")
        line = f"{restock.number}: {submission.get_state_display()}"
        if submission.message:
            line += f" – {stored_words(submission.message)}"
        if submission.partner_reference:
            line += f" (ORDERS_ID {submission.partner_reference})"
        for error in submission.errors:
            line += (f"\n  {error['code']} {error['message']}: {stored_words(error['explanation'])} "
                     f"{stored_words(error['next_step'])}").rstrip()
        if submission.state in (Submission.State.ACCEPTED, Submission.State.TEST_OK):
            self.stdout.write(line)
        else:
            raise CommandError(line)
