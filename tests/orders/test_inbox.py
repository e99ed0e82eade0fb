"""The orders' rows of the dashboard's inbox."""

from datetime import date

import pytest
from django.utils import timezone

from orders.inbox import refused_rows
from orders.models import Address, Order, Submission

pytestmark = pytest.mark.django_db
S = Submission.State


def refused_order(number, refusals):
    address = Address.objects.create(first_name="Jane", last_name="Doe", street="Teststr. 1", postcode="22761",
                                     city="Hamburg", country="DE")
    order = Order.objects.create(number=number, placed_at=date(2026, 11, 20), route="innocigs",
                                 shipping_address=address, submission_state=S.REFUSED)
    for attempt, code in enumerate(refusals, start=1):
        Submission.objects.create(order=order, partner="innocigs", attempt=attempt, state=S.REFUSED,
                                  reference=f"{number}-{attempt}", finished_at=timezone.now(),
                                  errors=[{"code": code, "message": f"{code} nicht lieferbar"}])
    return order


def test_an_order_refused_twice_is_one_row_with_its_latest_refusal():
    refused_order("R1", ["30001", "30003"])
    refused_order("R2", ["30001"])
    rows = list(refused_rows())
    assert sorted(row.subject for row in rows) == ["R1", "R2"]
    [r1] = [row for row in rows if row.subject == "R1"]
    assert "30003" in r1.partner_text and "30001" not in r1.partner_text
