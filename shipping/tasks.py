"""Queue entry points of the shipping core."""

from backoffice.actors import acting_as
from shipping.delivery import orders_assume_delivered


def assume_delivered_task():
    with acting_as("schedule:assume_delivered") as actor:
        done = orders_assume_delivered(actor=actor)
    return f"{done} orders delivered (assumed)"
