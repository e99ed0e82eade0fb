"""German and English: the language follows the browser, the header's switch changes it without JavaScript, and
the committed German catalogue is compiled and current."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES"


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="clerk-pass-123", is_staff=True)
    client.force_login(user)
    return client


def test_a_browser_asking_for_german_gets_the_admin_in_german(staff_client):
    page = staff_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="de"' in page
    assert "Dropship-Backoffice" in page and "Übersicht" in page
    assert "Abmelden" in page  # Django's own German for "Log out"
    assert "{#" not in page and "{%" not in page  # no template comment or tag leaks onto the page


def test_a_browser_asking_for_another_language_gets_the_default_english(staff_client):
    page = staff_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()
    assert '<html lang="en"' in page
    assert "Dropship back-office" in page and "Log out" in page


def test_the_header_switch_changes_the_language_with_a_plain_form(staff_client):
    page = staff_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'name="language"' in page and '<option value="de"' in page
    answer = staff_client.post("/i18n/setlang/", {"language": "de", "next": "/admin/"}, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 302 and answer["Location"] == "/admin/"
    page = staff_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # the choice beats the browser
    assert '<html lang="de"' in page and "Übersicht" in page


def test_the_login_page_offers_the_switch_too(client):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Anmelden" in page and 'action="/i18n/setlang/"' in page


def test_the_committed_german_catalogue_is_compiled_and_current():
    source = polib.pofile(str(CATALOGUE / "django.po"))
    compiled = polib.mofile(str(CATALOGUE / "django.mo"))

    def text(entry):  # a plural entry keeps its forms in msgstr_plural
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) if entry.msgid_plural \
            else entry.msgstr

    def translated(entry):
        return all(text(entry)) if entry.msgid_plural else bool(entry.msgstr)

    current = [e for e in source if not e.obsolete and e.msgid]
    wanted = {(e.msgctxt, e.msgid): text(e) for e in current if translated(e) and "fuzzy" not in e.flags}
    assert wanted, "the German catalogue is empty"
    assert {(e.msgctxt, e.msgid): text(e) for e in compiled if e.msgid} == wanted, (
        "locale/de/LC_MESSAGES/django.mo is older than django.po: run manage.py compilemessages")
    assert not [e.msgid for e in current if not translated(e)], "untranslated German entries"
    assert not [e.msgid for e in current if "fuzzy" in e.flags], "German entries still marked fuzzy"


def test_counts_are_plural_in_both_languages():
    from django.utils import translation

    from suppliers.innocigs.adapter import lines_and_pieces

    class Line:
        quantity = 1

    with translation.override("en"):
        assert lines_and_pieces([Line()]) == "1 line, 1 piece"
        assert lines_and_pieces([Line(), Line()]) == "2 lines, 2 pieces"
    with translation.override("de"):
        assert lines_and_pieces([Line()]) == "1 Position, 1 Stück"
        assert lines_and_pieces([Line(), Line()]) == "2 Positionen, 2 Stück"


def test_field_words_in_german():
    from django.utils import translation

    from backoffice.words import field_words

    with translation.override("de"):
        assert field_words("shipping_address.postcode") == "Postleitzahl (Lieferadresse)"
        assert field_words("lines[0].quantity") == "Menge (Position 1)"
