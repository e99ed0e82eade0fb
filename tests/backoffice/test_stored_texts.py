"""Texts of ours stored in English are shown in the reader's language; anything else stays as it came."""

from django.utils import translation
from django.utils.translation import gettext_noop as N_

from backoffice.stored_texts import in_english, in_reader_words, template_of, templates
from orders.adapters import Problem, problems_text


def test_a_template_finds_its_values():
    template = template_of("line %(number)s (%(sku)s)")
    match = template.pattern.fullmatch("line 3 (AS100AMZ)")
    assert match.groupdict() == {"number": "3", "sku": "AS100AMZ"}
    assert template.pattern.fullmatch("Zeile 3 (AS100AMZ)") is None


def test_templates_that_cannot_be_split_are_left_out():
    assert template_of("no values here") is None
    assert template_of("%(a)s%(b)s") is None  # two values side by side: no way to tell where one ends
    assert template_of("%(count)d%% done") is not None


def test_our_catalogue_is_read_and_the_most_specific_template_comes_first():
    known = templates("de")
    assert known, "the German catalogue has templates"
    literals = [t.literal for t in known]
    assert literals == sorted(literals, reverse=True)
    assert all("%(" in t.msgid for t in known)


def test_a_stored_problem_reads_in_german_with_its_values_kept():
    stored = in_english(Problem("lines[0].sku", "the article is not in the InnoCigs catalogue", line="AS100AMZ"))
    assert stored == "line 1 (AS100AMZ): the article is not in the InnoCigs catalogue"
    with translation.override("de"):
        shown = in_reader_words(stored)
    assert shown.startswith("Position 1 (AS100AMZ): ")
    assert "AS100AMZ" in shown and "catalogue" not in shown


def test_a_stored_detail_with_a_number_reads_in_german():
    stored = "No reply within 30 s."
    with translation.override("de"):
        assert in_reader_words(stored) == "Keine Antwort innerhalb von 30 s."


def test_a_partners_own_text_and_a_typed_note_stay_as_they_came():
    with translation.override("de"):
        assert in_reader_words("30001 12M100L10-HB-3 nicht lieferbar") == "30001 12M100L10-HB-3 nicht lieferbar"
        assert in_reader_words("Customer phoned: leave at the door") == "Customer phoned: leave at the door"
        assert in_reader_words("") == ""
        assert in_reader_words(None) is None


def test_in_english_the_stored_text_is_shown_as_it_is():
    stored = "line 1 (AS100AMZ): the article is not in the InnoCigs catalogue"
    with translation.override("en"):
        assert in_reader_words(stored) == stored


def test_stored_text_is_english_whoever_wrote_it():
    problem = Problem("lines[0].quantity", "quantity must be at least 1", line="IC1")
    with translation.override("de"):
        assert in_english(problem) == "line 1 (IC1): quantity must be at least 1"


def test_a_stored_list_of_problems_reads_wholly_in_german_where_templates_could_split_it_wrongly():
    # "%(done)s (%(notes)s)" also fits the first problem, and "Weight (grams) (order lines)" has two brackets:
    # the reading that finds all of it to be ours wins.
    stored = problems_text([
        Problem("shipping_address.postcode", N_("required for %(delivery)s (or a county)") % {
            "delivery": N_("courier delivery")}),
        Problem("lines.weight_grams", N_("the parcel weighs nothing: give the lines a weight")),
        Problem("phone", N_("required for %(delivery)s") % {"delivery": N_("locker delivery")}),
    ])
    assert stored == ("Postcode (shipping address): required for courier delivery (or a county); Weight (grams) "
                      "(order lines): the parcel weighs nothing: give the lines a weight; Phone: required for "
                      "locker delivery")
    with translation.override("de"):
        assert in_reader_words(stored) == (
            "Postleitzahl (Lieferadresse): erforderlich für Kurierzustellung (oder ein Bezirk); Gewicht (Gramm) "
            "(Bestellpositionen): das Paket wiegt nichts: geben Sie den Positionen ein Gewicht; Telefon: "
            "erforderlich für Zustellung an einen Paketautomaten")
