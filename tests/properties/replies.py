"""Serving a generated body through a partner's real client, and the one rule every reply must obey.

The body goes out over `responses` (HTTP stubbed below requests), so the real PartnerHTTP, its audit row
and the client's own reading all run, exactly as for a real partner.
"""

import re
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal

import responses
from hypothesis import HealthCheck, settings

from backoffice.errors import PartnerError

HOSTS = {
    "innocigs": "https://innocigs.test",
    "innoship": "https://innoship.test",
    "meineinkauf": "https://meineinkauf.test/v1",
    "zonos": "https://zonos.test",
}
# Reproducible in CI (the same examples on every run, no example database), quick, and never flaky on time.
PROPERTY = settings(
    max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
SURROGATE = re.compile("[\ud800-\udfff]")


@contextmanager
def serving(partner, body, *, status=200, content_type="application/json", method=None):
    """Every request to `partner` (any path, `method` or any) answers `body` with `status`."""
    url = re.compile(re.escape(HOSTS[partner]) + r"(/.*)?(\?.*)?$")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for verb in [method] if method else ["GET", "POST", "DELETE"]:
            mock.add(verb, url, body=body, status=status, content_type=content_type)
        yield mock


def outcome(call):
    """The typed result of `call()`, or the PartnerError it raised; anything else fails the test."""
    try:
        result = call()
    except PartnerError as exc:
        assert exc.message.strip() and exc.partner, "a partner error must say what and who"
        assert_typed((exc.message, exc.code, exc.field, exc.issues), "error")  # staff see it; the database keeps it
        return exc
    assert_typed(result)
    return result


def assert_typed(value, path="result"):
    """Frozen dataclasses, tuples and plain values only: no raw dict or list, nothing a database or a page
    cannot take (NaN amounts, naive times, NUL or lone surrogates in text)."""
    if is_dataclass(value):
        assert type(value).__dataclass_params__.frozen, f"{path}: {type(value).__name__} is not frozen"
        for field in fields(value):
            assert_typed(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            assert_typed(item, f"{path}[{index}]")
    elif isinstance(value, str):
        assert "\x00" not in value, f"{path}: NUL in {value[:40]!r}"
        assert not SURROGATE.search(value), f"{path}: lone surrogate in {value[:40]!r}"
    elif isinstance(value, Decimal):
        assert value.is_finite(), f"{path}: {value}"
    elif isinstance(value, datetime):
        assert value.tzinfo is not None, f"{path}: naive {value}"
    else:
        assert value is None or isinstance(value, bool | int | date | bytes), f"{path}: raw {type(value).__name__}"
