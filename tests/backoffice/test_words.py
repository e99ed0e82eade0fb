"""Field paths become the words staff read."""

import pytest

from backoffice.words import field_words


@pytest.mark.parametrize(
    "path, words",
    [
        ("shipping_address.postcode", "Postcode (shipping address)"),
        ("billing_address.last_name", "Last name (billing address)"),
        ("lines[0].quantity", "Quantity (line 1)"),
        ("lines[IC10000L10-TE-3].vat_rate", "VAT rate (line IC10000L10-TE-3)"),
        ("lines.sku", "Article number (order lines)"),
        ("phone", "Phone"),
        ("some_new_field", "Some new field"),
        ("INNOSHIP_LOCATION", "INNOSHIP_LOCATION"),
        ("hub address", "hub address"),
        ("", ""),
    ],
)
def test_field_words(path, words):
    assert field_words(path) == words


def test_field_words_in_german():
    from django.utils import translation

    with translation.override("de"):
        # Until the catalogue has the entry, the English words come back rather than the path.
        assert "_" not in field_words("shipping_address.postcode")
