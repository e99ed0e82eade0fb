"""Every partner client runs against the sandbox with known credentials (accepted, refused, unreachable)
while all logging is captured at DEBUG; no credential may appear in a log line, an exchange row, a
command's output or an exception's text."""

import base64
import logging
import traceback
from dataclasses import dataclass
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from backoffice.errors import PartnerAuthError, PartnerError, PartnerUnavailable
from backoffice.models import PartnerExchange
from backoffice.partner_http import PartnerHTTP
from backoffice.sandbox import credentials, state
from orders.zonos.client import ZonosClient
from shipping.innoship.client import InnoshipClient
from shipping.meineinkauf.client import MeinEinkaufClient
from suppliers.innocigs.client import CHECK_MODEL, InnocigsClient
from tests.support import free_port

WRONG = {
    "INNOCIGS_PASSWORD": "wrong-innocigs-password-4711",
    "INNOSHIP_API_KEY": "wrong-innoship-key-4711",
    "MEINEINKAUF_API_KEY": "wrong-meineinkauf-key-4711",
    "ZONOS_SECRET": "wrong-zonos-secret-4711",
}
RIGHT = [
    credentials.INNOCIGS_PASSWORD,
    credentials.INNOSHIP_API_KEY,
    credentials.MEINEINKAUF_API_KEY,
    credentials.ZONOS_SECRET,
]


def forbidden_texts():
    """Each credential as sent: plain, as the InnoCigs Auth header value, and as a Basic-auth header."""
    texts = []
    for secret in [*RIGHT, *WRONG.values()]:
        texts += [secret, f"{credentials.INNOCIGS_CID}:{secret}", base64.b64encode(f"api:{secret}".encode()).decode()]
    return texts


CALLS = {
    "innocigs-rest": lambda: InnocigsClient.from_settings(api="rest").stock(CHECK_MODEL),
    "innocigs-xml": lambda: InnocigsClient.from_settings(api="xml").stock(CHECK_MODEL),
    "innoship": lambda: InnoshipClient.from_settings().couriers(),
    "meineinkauf": lambda: MeinEinkaufClient.from_settings().echo(),
    "zonos": lambda: ZonosClient.from_settings().order_numbers(since_date=date.today()),
}


@pytest.fixture
def all_logs(caplog):
    """Every record of every logger at DEBUG, including those the settings quieten (urllib3)."""
    caplog.set_level(logging.DEBUG)
    for name in ("urllib3", "requests", "django", "django.request", "django.server", "backoffice"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture
def no_waits(monkeypatch):
    monkeypatch.setattr(PartnerHTTP, "_sleep", lambda self, attempt, retry_after: None)


@dataclass(frozen=True)
class Raised:
    kind: type
    texts: tuple


def run_every_client():
    """Runs each client once; returns {call: what it raised (its type and every text it shows), or None}.

    Only texts are kept: a kept traceback would keep the reply, and with it a server connection, alive.
    """
    outcomes = {}
    for name, call in CALLS.items():
        try:
            call()
        except PartnerError as exc:
            texts = [str(exc), repr(exc), exc.message, "".join(traceback.format_exception(exc))]
            outcomes[name] = Raised(type(exc), (*texts, *(str(issue) for issue in exc.issues)))
        else:
            outcomes[name] = None
    return outcomes


def assert_nothing_leaks(caplog, outcomes, *extra_texts):
    haystacks = {"log": caplog.text}
    for i, record in enumerate(caplog.records):
        haystacks[f"log record {i}"] = f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
    for name, raised in outcomes.items():
        for j, text in enumerate(raised.texts if raised else ()):
            haystacks[f"{name} exception text {j}"] = text
    for row in PartnerExchange.objects.all():
        for field in ("url", "request_body", "response_body", "error", "related_label", "triggered_by", "operation"):
            haystacks[f"exchange {row.pk}.{field}"] = getattr(row, field)
    for k, text in enumerate(extra_texts):
        haystacks[f"extra {k}"] = text
    leaks = [(where, secret) for where, text in haystacks.items() for secret in forbidden_texts() if secret in text]
    assert leaks == []
    assert PartnerExchange.objects.exists()  # the check looked at real rows


def assert_xml_credentials_travel_in_the_body_only():
    rows = PartnerExchange.objects.filter(partner="innocigs", url__contains="xmlapi")
    assert rows.exists()
    for row in rows:
        assert "?" not in row.url and "cid" not in row.url and "auth" not in row.url
        assert row.method == "POST"
        assert "cid=***" in row.request_body and "auth=***" in row.request_body


@pytest.mark.django_db
def test_accepted_credentials_never_leak(sandbox, all_logs):
    outcomes = run_every_client()
    assert outcomes == dict.fromkeys(CALLS)
    assert all_logs.records  # the DEBUG capture saw the traffic
    assert_nothing_leaks(all_logs, outcomes)
    assert_xml_credentials_travel_in_the_body_only()
    sent = state.received("innocigs", "xml")
    assert sent and f"auth={credentials.INNOCIGS_PASSWORD}" in sent[0].body


@pytest.mark.django_db
def test_refused_credentials_never_leak(sandbox, settings, all_logs):
    for name, value in WRONG.items():
        setattr(settings, name, value)
    outcomes = run_every_client()
    assert {name: raised.kind for name, raised in outcomes.items()} == dict.fromkeys(CALLS, PartnerAuthError)
    assert {r.partner for r in state.received()} == {"innocigs", "innoship", "meineinkauf", "zonos"}
    out = StringIO()
    with pytest.raises(CommandError, match="Failed: ") as failed:
        call_command("check_partners", stdout=out)
    assert "FAILED" in out.getvalue()
    assert_nothing_leaks(all_logs, outcomes, out.getvalue(), str(failed.value))
    assert_xml_credentials_travel_in_the_body_only()


@pytest.mark.django_db
def test_unreachable_partners_never_leak_credentials(sandbox, settings, all_logs, no_waits):
    closed = f"http://127.0.0.1:{free_port()}"
    settings.INNOCIGS_BASE_URL = f"{closed}/innocigs"
    settings.INNOSHIP_BASE_URL = f"{closed}/innoship"
    settings.MEINEINKAUF_BASE_URL = f"{closed}/meineinkauf/v1"
    settings.ZONOS_BASE_URL = f"{closed}/zonos"
    outcomes = run_every_client()
    assert {name: raised.kind for name, raised in outcomes.items()} == dict.fromkeys(CALLS, PartnerUnavailable)
    out = StringIO()
    with pytest.raises(CommandError, match="Failed: ") as failed:
        call_command("check_partners", stdout=out)
    assert "refused" in out.getvalue()
    assert_nothing_leaks(all_logs, outcomes, out.getvalue(), str(failed.value))
    assert_xml_credentials_travel_in_the_body_only()
