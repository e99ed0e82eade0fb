"""The catalogue's dashboard figures cost the same queries however many sync runs there are and whichever failed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suppliers.models import SyncRun
from suppliers.selectors import dashboard_figures

pytestmark = pytest.mark.django_db


def runs(kind, *statuses):
    start = timezone.now() - timedelta(hours=len(statuses))
    for i, status in enumerate(statuses):
        SyncRun.objects.create(kind=kind, status=status, error="50001 Wartung" if status == "failed" else "",
                               triggered_by="x", started_at=start + timedelta(hours=i),
                               finished_at=start + timedelta(hours=i, minutes=1))


def figures_and_queries():
    with CaptureQueriesContext(connection) as captured:
        figures = {figure.label: figure.count for figure in dashboard_figures()}
    return figures, len(captured)


def test_figures_of_every_kind_in_a_fixed_number_of_queries():
    none, fewest = figures_and_queries()
    for kind in SyncRun.Kind.values:
        runs(kind, "failed", "succeeded", "failed", "abandoned", "succeeded", "failed", "failed")
    runs("stock", "running")
    figures, queries = figures_and_queries()
    assert queries == fewest
    assert figures["failed stock syncs since the last success: 50001 Wartung"] == 2
    assert figures["failed catalogue syncs since the last success: 50001 Wartung"] == 2
    assert none["successful stock syncs so far"] == 0
