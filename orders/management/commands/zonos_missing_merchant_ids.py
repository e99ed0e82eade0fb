from django.core.management.base import BaseCommand, CommandError

from backoffice.actors import acting_as
from backoffice.errors import PartnerError
from backoffice.partners import partner_config
from backoffice.progress import Progress
from orders.zonos.client import PARTNER
from orders.zonos.services import zonos_missing_merchant_ids_settle


class Command(BaseCommand):
    help = ("Asks Zonos for its orders of the last two weeks that lack our order number (missingMerchantOrderId). "
            "For each one imported here, tells Zonos our number (updateMerchantOrderId); reports every other one "
            "with the reason.")

    def handle(self, *args, **options):
        if not partner_config(PARTNER).configured:
            raise CommandError("Zonos is not configured: set ZONOS_BASE_URL, ZONOS_STORE_ID and ZONOS_SECRET.")
        progress = None

        def listed(total):
            nonlocal progress
            progress = Progress(total, "Settling Zonos orders without our number", stream=self.stderr._out)

        actor = "command:zonos_missing_merchant_ids"
        try:
            with acting_as(actor):
                result = zonos_missing_merchant_ids_settle(actor=actor, on_listed=listed,
                                                           on_result=lambda r: progress.advance())
        except PartnerError as exc:
            raise CommandError(f"Asking Zonos for orders without our number failed: {exc.message}") from None
        finally:
            if progress:
                progress.close()
        self.stdout.write(result.summary())
