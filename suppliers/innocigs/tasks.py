"""Queue entry points of the InnoCigs schedules: set the actor, call the service."""

from backoffice.actors import acting_as

from .deliveries import delivery_notes_sync
from .late_tracking import late_tracking_sync
from .tracking import tracking_sync


def tracking_sync_task():
    with acting_as("schedule:sync_tracking_innocigs") as actor:
        return tracking_sync(actor=actor)


def delivery_notes_sync_task():
    with acting_as("schedule:sync_delivery_notes_innocigs") as actor:
        return delivery_notes_sync(actor=actor)


def late_tracking_sync_task():
    with acting_as("schedule:late_tracking_innocigs") as actor:
        return late_tracking_sync(actor=actor)
