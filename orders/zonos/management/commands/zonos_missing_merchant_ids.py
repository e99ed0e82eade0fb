from django.core.management.base import BaseCommand

from orders.zonos.cli import run_with_progress
from orders.zonos.services import zonos_missing_merchant_ids_settle


class Command(BaseCommand):
    help = ("Asks Zonos for its orders of the last two weeks that lack our order number (missingMerchantOrderId). "
            "For each one imported here, tells Zonos our number (updateMerchantOrderId); reports every other one "
            "with the reason.")

    def handle(self, *args, **options):
        result = run_with_progress(
            self, actor="command:zonos_missing_merchant_ids", label="Settling Zonos orders without our number",
            failure="Asking Zonos for orders without our number failed",
            run=lambda actor, on_listed, on_item: zonos_missing_merchant_ids_settle(
                actor=actor, on_listed=on_listed, on_result=on_item,
            ),
        )
        self.stdout.write(result.summary())
