"""Reads about InnoCigs dropships that are more than one line."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.counting import DASHBOARD_CAP, capped_count
from backoffice.dashboard import Figure
from orders.selectors import orders_reference_pending

GROUP = "InnoCigs"


def dropships_unconfirmed(now=None):
    """Orders accepted only because InnoCigs knew their number (20011), with no dropship number from its tracking
    after INNOCIGS_UNCONFIRMED_DAYS: a person should check them at InnoCigs."""
    return orders_reference_pending(partner="innocigs", days=settings.INNOCIGS_UNCONFIRMED_DAYS, now=now)


def dashboard_figures():
    url = f"{reverse('admin:orders_order_changelist')}?reference_pending={settings.INNOCIGS_UNCONFIRMED_DAYS}"
    return [
        Figure(GROUP, _("dropships without a dropship number after %(days)s days") % {
            "days": settings.INNOCIGS_UNCONFIRMED_DAYS},
               capped_count(dropships_unconfirmed(), DASHBOARD_CAP), url, tone="alert"),
    ]
