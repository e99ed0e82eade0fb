"""The prefix search served by an index on either database finds exactly what str.startswith finds."""

import pytest

from backoffice.selectors import starts_with
from suppliers.models import Product

MODELS = ["AB1", "AB", "AB2-X", "ABC", "AC", "ab3", "A", "B", "ÄB1", "Ä", "Å", "A\ud7ffB", "A\ud7ff", "A\ue000",
          "Z\U0010ffff", "Z\U0010ffffQ", "AB%", "AB_1", "A\\B"]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["AB", "A", "Ä", "A\ud7ff", "Z\U0010ffff", "AB%", "AB_", "A\\", "ab", "Q"])
def test_starts_with_finds_what_startswith_finds(prefix):
    Product.objects.bulk_create([Product(model=model) for model in MODELS])
    found = set(Product.objects.filter(starts_with("model", prefix)).values_list("model", flat=True))
    assert found == {model for model in MODELS if model.startswith(prefix)}
