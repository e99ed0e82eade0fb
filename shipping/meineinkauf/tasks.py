"""Queue entry points: each sets who acts and calls the service."""

from shipping.meineinkauf.returns import returns_sync
from shipping.meineinkauf.tracking import tracking_sync


def tracking_sync_task():
    return tracking_sync(actor="schedule:meineinkauf_tracking")


def returns_sync_task():
    return returns_sync(actor="schedule:meineinkauf_returns")
