"""`manage.py check_partners` against the sandbox over real HTTP."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from backoffice.models import PartnerExchange, PartnerHealth
from backoffice.partner_http import PartnerHTTP
from backoffice.sandbox import state
from tests.support import free_port

pytestmark = pytest.mark.django_db


def run_check():
    out = StringIO()
    call_command("check_partners", stdout=out)
    return out.getvalue()


def rows(output):
    """The table's lines by partner label."""
    return {line.split("  ")[0]: line for line in output.splitlines()[1:]}


@pytest.mark.parametrize("api", ["rest", "xml"])
def test_every_partner_answers_the_harmless_request(sandbox, settings, api):
    settings.INNOCIGS_API = api
    output = run_check()  # returns normally: exit status 0
    header, *_ = output.splitlines()
    assert header.split() == ["PARTNER", "BASE", "URL", "RESULT", "LATENCY"]
    table = rows(output)
    assert set(table) == {"InnoCigs", "Innoship", "MeinEinkauf.ch", "Zonos / iGlobal"}
    assert f"{sandbox}/innocigs" in table["InnoCigs"]
    assert f"{sandbox}/meineinkauf/v1" in table["MeinEinkauf.ch"]
    assert re.search(rf"OK: {api.upper()} API answers; stock of 12M100L10-BG-0: \d+", table["InnoCigs"])
    assert "OK: 5 couriers: Cargus, DPD" in table["Innoship"]
    assert "OK: echo answered (live key)" in table["MeinEinkauf.ch"]
    assert re.search(r"OK: \d+ orders? today", table["Zonos / iGlobal"])
    assert all(line.rstrip().endswith(" ms") for line in table.values())
    # each partner got exactly one harmless request
    assert sorted(r.partner for r in state.received()) == ["innocigs", "innoship", "meineinkauf", "zonos"]


def test_health_and_exchanges_are_recorded_for_the_command(sandbox):
    run_check()
    health = {h.partner: h for h in PartnerHealth.objects.all()}
    assert set(health) == {"innocigs", "innoship", "meineinkauf", "zonos"}
    assert all(h.ok and h.checked_at and h.latency_ms >= 0 for h in health.values())
    assert set(PartnerExchange.objects.values_list("triggered_by", flat=True)) == {"command:check_partners"}
    assert PartnerExchange.objects.count() == 4


@pytest.mark.parametrize("api", ["rest", "xml"])
def test_a_refused_innocigs_login_fails_the_run_with_the_parsed_error(sandbox, settings, api):
    settings.INNOCIGS_API = api
    settings.INNOCIGS_PASSWORD = "not-the-password"
    out = StringIO()
    with pytest.raises(CommandError, match="^Failed: InnoCigs$"):
        call_command("check_partners", stdout=out)
    table = rows(out.getvalue())
    assert "FAILED: 10000 Login fehlgeschlagen (code 10000)" in table["InnoCigs"]
    assert "OK: " in table["Innoship"] and "OK: " in table["Zonos / iGlobal"]
    innocigs = PartnerHealth.objects.get(partner="innocigs")
    assert not innocigs.ok and innocigs.detail == "10000 Login fehlgeschlagen (code 10000)"


def test_a_partner_without_base_url_is_not_configured_and_does_not_fail_the_run(sandbox, settings):
    settings.ZONOS_BASE_URL = ""
    output = run_check()
    line = rows(output)["Zonos / iGlobal"]
    assert line.split() == ["Zonos", "/", "iGlobal", "-", "--", "not", "configured", "(no", "base", "URL)", "-"]
    assert "OK: " in rows(output)["InnoCigs"]
    assert not state.received("zonos")
    assert PartnerHealth.objects.get(partner="zonos").detail == "not configured (no base URL)"


def test_an_unreachable_partner_fails_the_run(sandbox, settings, monkeypatch):
    monkeypatch.setattr(PartnerHTTP, "_sleep", lambda self, attempt, retry_after: None)
    settings.INNOSHIP_BASE_URL = f"http://127.0.0.1:{free_port()}"
    out = StringIO()
    with pytest.raises(CommandError, match="^Failed: Innoship$"):
        call_command("check_partners", stdout=out)
    assert "FAILED: Network error: The connection was refused" in rows(out.getvalue())["Innoship"]
