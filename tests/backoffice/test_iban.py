"""The payout IBAN is checked when the settings load: a wrong one stops start-up naming the setting, never itself."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from backoffice.iban import iban_problem, masked, normalised
from tests.support import manage, production_env

from .test_settings import PROD, load

GOOD = "DE89 3704 0044 0532 0130 00"  # the IBAN of ISO 13616's own example
BANK = {"INNOSHIP_BANK_NAME": "Test Bank", "INNOSHIP_BANK_ACCOUNT_HOLDER": "Test Shop GmbH"}


@pytest.mark.parametrize("iban", [GOOD, "de89370400440532013000", "GB82WEST12345698765432", "CH9300762011623852957",
                                  "XY801234567890123456"])  # an unlisted country: format and check digits only
def test_valid_ibans_pass(iban):
    assert iban_problem(iban) == ""


@pytest.mark.parametrize(("iban", "words"), [
    ("DE89370400440532013001", "check digits do not match"),
    ("DE88370400440532013000", "check digits do not match"),
    ("DE8937040044053201300", "an IBAN of DE has 22 characters, this one has 21"),
    ("GB82WEST1234569876543", "an IBAN of GB has 22 characters"),
    ("1234", "it is no IBAN"),
    ("DE89-3704-0044", "it is no IBAN"),
])
def test_wrong_ibans_are_named_without_repeating_them(iban, words):
    problem = iban_problem(iban)
    assert words in problem and normalised(iban) not in problem


def test_staff_see_only_the_country_and_the_last_four():
    assert masked(GOOD) == "DE… 3000"


def test_the_settings_keep_the_iban_without_spaces(monkeypatch):
    loaded = load(monkeypatch, **PROD, INNOSHIP_BANK_IBAN=GOOD, **BANK)
    assert loaded["INNOSHIP_BANK_IBAN"] == "DE89370400440532013000"


def test_a_wrong_iban_stops_the_settings_naming_the_setting_not_the_iban(monkeypatch):
    with pytest.raises(ImproperlyConfigured) as raised:
        load(monkeypatch, **PROD, INNOSHIP_BANK_IBAN="DE89370400440532013001", **BANK)
    assert str(raised.value) == "INNOSHIP_BANK_IBAN is wrong: its check digits do not match (a typing error?)."


def test_half_a_payout_account_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="all of INNOSHIP_BANK_NAME, INNOSHIP_BANK_IBAN and"):
        load(monkeypatch, **PROD, INNOSHIP_BANK_IBAN=GOOD)


def test_no_payout_account_is_allowed(monkeypatch):
    assert load(monkeypatch, **PROD)["INNOSHIP_BANK_IBAN"] == ""


def test_manage_py_refuses_to_start_with_a_wrong_iban(tmp_path):
    result = manage(production_env(tmp_path, INNOSHIP_BANK_IBAN="DE89 3704 0044 0532 0130 01", **BANK), "check")
    assert result.returncode != 0
    assert "INNOSHIP_BANK_IBAN is wrong: its check digits do not match" in result.stderr
    assert "0532" not in result.stderr + result.stdout


@pytest.mark.parametrize(("name", "value"), [("INNOSHIP_MAX_PARCEL_KG", "0"), ("INNOSHIP_PARCEL_SIZE_CM", "40x30"),
                                             ("INNOSHIP_PARCEL_SIZE_CM", "0x30x20")])
def test_parcel_settings_are_checked(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load(monkeypatch, **PROD, **{name: value})
