"""The shared reading helpers the property tests led to, in plain examples."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.coerce import flag, whole_number
from backoffice.errors import PartnerIssue, PartnerResponseError, PartnerValidationError
from backoffice.replies import bounded
from backoffice.storable import storable

from .replies import PROPERTY, SURROGATE


@pytest.mark.parametrize(("value", "number"), [
    (12, 12), (12.0, 12), ("12", 12), (" 12 ", 12), ("+12", 12), (0, 0), (2**63 - 1, 2**63 - 1),
    (12.5, None), ("12.5", None), ("1_000", None), ("twelve", None), ("", None), (None, None), (True, None),
    (float("nan"), None), (float("inf"), None), (-1, None), ("-1", None), (2**63, None), ("٣", None), ([1], None),
])
def test_a_whole_number_is_a_number_a_database_holds_or_none(value, number):
    assert whole_number(value) == number


def test_a_whole_number_may_be_held_to_a_smaller_column():
    assert (whole_number(2**31 - 1, maximum=2**31 - 1), whole_number(2**31, maximum=2**31 - 1)) == (2**31 - 1, None)


def test_an_id_longer_than_its_column_is_a_malformed_reply_naming_partner_and_field():
    assert bounded("S123", 60, partner="innocigs", field="DELIVERY_NUMBER") == "S123"
    with pytest.raises(PartnerResponseError, match="InnoCigs sent a DELIVERY_NUMBER of 61 characters") as caught:
        bounded("S" * 61, 60, partner="innocigs", field="DELIVERY_NUMBER")
    assert (caught.value.code, caught.value.field) == ("malformed_reply", "DELIVERY_NUMBER")


@PROPERTY
@given(st.text())
def test_storable_text_keeps_everything_but_nul_and_lone_surrogates(text):
    kept = storable(text)
    assert len(kept) == len(text) and "\x00" not in kept and not SURROGATE.search(kept)
    assert all(a == b for a, b in zip(text, kept, strict=True) if b != "\ufffd")


def test_partner_issues_and_errors_are_storable_and_never_without_words():
    issue = PartnerIssue(30001, "nicht\x00 lieferbar", "sku\ud800")
    assert (issue.code, issue.message, issue.field) == ("30001", "nicht\ufffd lieferbar", "sku\ufffd")
    assert PartnerIssue(0).code == "0"
    error = PartnerValidationError("  ", partner="innoship", code="400")
    assert error.message == "innoship gave no reason" and error.issues[0].message == "innoship gave no reason"


@pytest.mark.parametrize(("value", "meaning"), [
    (True, True), ("true", True), (" TRUE ", True), (1, True), ("1", True),
    (False, False), ("false", False), (0, False), ("0", False),
    ("yes", None), (2, None), (1.0, None), (None, None), ({}, None), ("", None),
])
def test_a_flag_sent_as_text_never_flips(value, meaning):
    assert flag(value, default=None) is meaning
