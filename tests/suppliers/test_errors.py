"""The table of InnoCigs error codes: complete as documented, and mapped to the right kind of error."""

import pytest

from backoffice.errors import PartnerAuthError, PartnerIssue, PartnerUnavailable, PartnerValidationError
from suppliers.innocigs import errors
from suppliers.innocigs.errors import explain

DOCUMENTED = [
    *range(10000, 10009),
    *range(20000, 20013),
    *range(30000, 30007),
    40001, 40002, 40004, 40006, 40007, *range(40010, 40020),
    50000, 50001, 50003, 50004,
]


@pytest.mark.parametrize("code", DOCUMENTED)
def test_every_documented_code_is_explained_in_german_and_english_with_a_next_step(code):
    explanation = explain(code)
    assert explanation.documented and explanation.code == str(code)
    assert explanation.german and explanation.english and explanation.next_step
    assert explain(str(code)) == explanation == explain(f" {code} ")


def test_the_table_holds_exactly_the_documented_codes():
    assert set(errors.EXPLANATIONS) == {str(c) for c in DOCUMENTED}


@pytest.mark.parametrize("code, english, next_step", [
    ("30001", "Product not deliverable.", "Replace or remove the line, or wait for stock."),
    ("30002", "Product not deliverable.", "Replace or remove the line, or wait for stock."),
    ("10006", "Invalid sender.", None),
    ("20008", "Faulty product lines.", None),
    ("30006", "Unknown product.", None),
    ("40015", "Error in the order's lines.", None),
])
def test_documented_ranges_share_one_meaning(code, english, next_step):
    assert explain(code).english == english
    if next_step:
        assert explain(code).next_step == next_step


def test_german_texts_are_the_documented_ones():
    assert explain(10000).german == "Login fehlgeschlagen."
    assert explain(30003).german == "Produkt unbekannt."
    assert explain(50001).german == "Wartung."


def test_an_undocumented_code_in_a_documented_family_gets_the_family_meaning():
    explanation = explain("40003")
    assert not explanation.documented and explanation.english == "Error in the order."
    assert explain("50002").english == "API access problem."


@pytest.mark.parametrize("code", ["", None, "network", "http_503", "999", "60000", "123456"])
def test_what_is_not_an_innocigs_code_has_no_explanation(code):
    assert explain(code) is None


def test_code_sets():
    assert sorted(errors.RETRYABLE) == ["50000", "50001"]
    assert sorted(errors.AUTH) == ["10000", "50003", "50004"]
    assert sorted(errors.CONFIGURATION) == ["10000", "10005", "10006", "10007", "10008", "50003", "50004"]
    assert sorted(errors.UNKNOWN_PRODUCT) == ["30003", "30004", "30005", "30006"]
    assert sorted(errors.NOT_DELIVERABLE) == ["30001", "30002"]
    assert sorted(errors.ALREADY_RECEIVED) == ["20000", "20011"]


@pytest.mark.parametrize("code, kind, retryable", [
    ("10000", PartnerAuthError, False),
    ("10007", PartnerAuthError, False),
    ("50003", PartnerAuthError, False),
    ("50000", PartnerUnavailable, True),
    ("50001", PartnerUnavailable, True),
    ("30001", PartnerValidationError, False),
    ("30003", PartnerValidationError, False),
])
def test_an_errors_block_becomes_the_right_typed_error(code, kind, retryable):
    error = errors.error_from_issues([PartnerIssue(code, "Fehlertext"), PartnerIssue("30000", "noch einer")])
    assert type(error) is kind
    assert error.code == code and error.retryable is retryable and error.partner == "innocigs"
    assert [i.code for i in error.issues] == [code, "30000"]
    assert error.message == f"{code} Fehlertext; 30000 noch einer"
