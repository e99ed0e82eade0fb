"""A figure source for dashboard tests: partner calls that got no reply, linked to their filtered list.

Each app tests its own figures; these tests use this one so they do not depend on what the apps count.
"""

from django.urls import reverse

from backoffice.dashboard import Figure
from backoffice.models import PartnerExchange

SOURCE = "tests.backoffice.figures.exchange_figures"


def exchange_figures():
    url = reverse("admin:backoffice_partnerexchange_changelist") + "?status=none"
    count = PartnerExchange.objects.filter(status_code__isnull=True).count()
    return [Figure("Partner calls", "without a reply", count, url, tone="alert")]
