"""The login limit (django-axes' AXES_HANDLER): failures are counted per (user name, address) pair and per address.

A pair is locked out after AXES_FAILURE_LIMIT failures; an address, whatever user names it tries, after
AXES_ADDRESS_FAILURE_LIMIT. A user name on its own is never locked: otherwise anyone could lock `admin` out from
everywhere with a few wrong passwords. Settings list the lockout parameters as [pair, address], in this order.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def _failures(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class PairThenAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        pair, address = self.get_user_attempts(request, credentials)
        failures = _failures(pair)
        # Axes compares one count with AXES_FAILURE_LIMIT: an address past its own limit counts as a pair at it.
        if _failures(address) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures

    def reset_user_attempts(self, request, credentials=None):
        # A success clears that pair only: logging in must not wipe what other names tried from the same address.
        pair, _ = self.filter_user_attempts(request, credentials)
        count, _ = pair.delete()
        return count
