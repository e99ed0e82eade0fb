"""Queue entry points of the shipping core."""

from django.utils.translation import ngettext

from backoffice.actors import acting_as
from shipping.delivery import orders_assume_delivered


def assume_delivered_task():
    with acting_as("schedule:assume_delivered") as actor:
        done = orders_assume_delivered(actor=actor)
    return ngettext("%(count)s order delivered (assumed)", "%(count)s orders delivered (assumed)", done) % {
        "count": done}
