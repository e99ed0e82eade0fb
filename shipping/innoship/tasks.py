"""Queue entry points for Innoship: set the actor, call the service."""

from .tracking import tracking_sync


def tracking_sync_task():
    return tracking_sync(actor="schedule:innoship_tracking")
