"""What the sync properties check after every run (test_syncs.py, test_syncs_innocigs.py): every row the run left
fits its column, and every submission settled."""

import math
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from hypothesis import settings
from hypothesis import strategies as st

from backoffice.errors import PartnerError
from orders.models import Order, Submission
from tests.support import rolled_back

from .replies import PROPERTY, SURROGATE
from .strategies import garbage, json_bytes, mutated, poisoned

APPS = ("orders", "shipping", "suppliers", "backoffice", "innocigs", "innoship", "meineinkauf", "zonos")
S = Submission.State
DAY = date(2026, 11, 20)
SYNC = settings(PROPERTY, max_examples=50)


def undone():
    """Runs the example in a transaction that is rolled back afterwards (marked as the test's own)."""
    return rolled_back()


def _fits(field, value):
    """Why `value` cannot be stored in `field` on every supported database, or ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        if "\x00" in value or SURROGATE.search(value):
            return "NUL or a lone surrogate"
        if getattr(field, "max_length", None) and len(value) > field.max_length:
            return f"{len(value)} characters, the column holds {field.max_length}"
    if isinstance(field, models.IntegerField) and not isinstance(field, models.AutoField):
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        if not (low is None or low <= value) or not (high is None or value <= high):
            return f"{value} is outside {low}..{high}"
    if isinstance(field, models.DecimalField):
        decimal = Decimal(value)
        if not decimal.is_finite() or len(decimal.as_tuple().digits) > field.max_digits:
            return f"{value} does not fit {field.max_digits} digits"
    if isinstance(field, models.JSONField):
        return _json_fits(value)
    return ""


def _json_fits(value):
    if isinstance(value, str):
        return "NUL or a lone surrogate in JSON" if "\x00" in value or SURROGATE.search(value) else ""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} in JSON"
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return next((why for key, child in children for why in (_json_fits(key), _json_fits(child)) if why), "")


def assert_rows_fit():
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        fields = list(model._meta.concrete_fields)
        for row in model.objects.values_list(*(f.attname for f in fields)):
            for field, value in zip(fields, row, strict=True):
                why = _fits(field, value)
                assert not why, f"{model.__name__}.{field.name}: {why}"


def documented_or_mutated(*shapes):
    shape = st.sampled_from(shapes)
    return st.one_of(shape.map(json_bytes), shape.flatmap(mutated).map(json_bytes),
                     shape.flatmap(poisoned).map(json_bytes), garbage)


def said(run):
    """What a sync said: its summary, or the message of the PartnerError it raised (nothing could be read)."""
    try:
        return run()
    except PartnerError as exc:
        return exc.message


STATUS = st.sampled_from([200, 200, 200, 201, 400, 404, 422, 500, 503])
SETTLED = {S.READY, S.ACCEPTED, S.REFUSED, S.UNKNOWN, S.TEST_OK}


def assert_submissions_settled(orders):
    for order in Order.objects.filter(pk__in=[o.pk for o in orders]):
        submission = order.submissions.order_by("-attempt").first()
        assert submission is not None and submission.state in SETTLED, submission
        assert submission.state != S.READY or submission.message, "put back without a reason"
        assert (order.status == Order.Status.SUBMITTED) == (submission.state == S.ACCEPTED)
