"""Staff of a German shop read the admin in German: every model, field and choice label of ours is translated,
and the committed catalogue has no untranslated or fuzzy entry."""

from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
OURS = ("backoffice", "orders", "shipping", "suppliers")
# Words that are the same in both languages (or names), so a label may stay as it is.
SAME_IN_GERMAN = {"Status", "EAN", "Name", "Partner", "OK", "URL", "API", "DHL", "UPS", "Detail", "Details",
                  "Feed", "Code", "Innoship", "InnoCigs", "Zonos", "MeinEinkauf.ch", "MRN", "InnoCigs ORDERS_ID",
                  "Bytes.", "Zonos / iGlobal", "MeinEinkauf.ch (CH/LI)"}


def _ours():
    return [model for model in apps.get_models() if model.__module__.split(".")[0] in OURS]


def _labels(model):
    yield f"{model.__name__} (model)", model._meta.verbose_name
    yield f"{model.__name__} (models)", model._meta.verbose_name_plural
    for field in model._meta.get_fields():
        if field.concrete and not field.auto_created:
            yield f"{model.__name__}.{field.name}", field.verbose_name
            for _value, label in field.flatchoices or ():
                yield f"{model.__name__}.{field.name} choice", label


def test_every_model_field_and_choice_label_of_ours_reads_in_german():
    untranslated = []
    for model in _ours():
        for where, label in _labels(model):
            with translation.override("en"):
                english = str(label)
            with translation.override("de"):
                german = str(label)
            if german == english and english not in SAME_IN_GERMAN and english.strip("–- "):
                untranslated.append(f"{where}: {english}")
    assert untranslated == []


@pytest.mark.parametrize("app", OURS)
def test_each_app_has_a_german_name(app):
    config = apps.get_app_config(app)
    with translation.override("de"):
        assert str(config.verbose_name) != "" and (str(config.verbose_name) in SAME_IN_GERMAN or
                                                  str(config.verbose_name) != _english(config.verbose_name))


def _english(text):
    with translation.override("en"):
        return str(text)


def test_the_german_catalogue_has_no_untranslated_or_fuzzy_entry():
    text = (ROOT / "locale/de/LC_MESSAGES/django.po").read_text()
    entries = text.split("\n\n")[1:]  # the first is the header
    fuzzy = [entry for entry in entries if "#, fuzzy" in entry]
    empty = [entry for entry in entries if '\nmsgstr ""' in entry and '\nmsgstr ""\n"' not in entry]
    assert fuzzy == [] and empty == []
