from django.core.management.base import BaseCommand, CommandError

from backoffice.progress import Progress
from orders import adapters
from orders.models import Order, Submission
from orders.selectors import orders_ready_for
from orders.services.outcomes import outcomes_summary, result_line
from orders.services.submissions import orders_submit

CHUNK = 100  # orders prepared and sent per round, so a long run reports as it goes


class Command(BaseCommand):
    help = (
        "Submits orders to their partner through the one submission lifecycle: the named orders, or every "
        "order ready for that partner. An order is never sent twice. Exits non-zero when any order was not "
        "accepted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partner", required=True, choices=sorted(adapters.adapter_paths()))
        parser.add_argument("numbers", nargs="*", metavar="NUMBER", help="order numbers")
        parser.add_argument("--all-ready", action="store_true",
                            help="every order ready for this partner (for meineinkauf: Swiss orders whose parcel "
                                 "to the hub has shipped)")

    def handle(self, *args, partner, numbers, all_ready, **options):
        if bool(numbers) == all_ready:
            raise CommandError("Name the orders to submit, or give --all-ready (not both).")
        failed, states = 0, []
        if all_ready:
            order_ids = list(orders_ready_for(partner).order_by("pk").values_list("pk", flat=True))
        else:
            found = {o.number: o for o in Order.objects.filter(number__in=numbers)}
            order_ids = []
            for number in dict.fromkeys(numbers):
                order = found.get(number)
                if order is None:
                    self.stdout.write(f"{number}: no such order")
                    states.append("no such order")
                    failed += 1
                elif accepted := order.submissions.filter(partner=partner, state=Submission.State.ACCEPTED).first():
                    self.stdout.write(f"{number}: already accepted ({accepted.partner_reference or 'no reference'})")
                    states.append("already accepted")
                else:
                    order_ids.append(order.pk)
        actor = "command:submit_orders"
        with Progress(len(order_ids), f"Submitting to {partner}", stream=self.stderr._out) as bar:
            def report_one(result):
                bar.advance()
                states.append(result.state)
                self.stdout.write(result_line(result))

            for start in range(0, len(order_ids), CHUNK):
                orders = Order.objects.filter(pk__in=order_ids[start:start + CHUNK]).order_by("pk")
                results = orders_submit(orders=orders, partner=partner, actor=actor, on_result=report_one)
                failed += sum(not result.ok for result in results)
        summary = f"{partner}: {outcomes_summary(states)}"
        if failed:
            raise CommandError(f"{summary} ({failed} not accepted)")
        self.stdout.write(self.style.SUCCESS(summary))
