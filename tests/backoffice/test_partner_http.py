"""The partner HTTP base: timeouts, retries, typed transport failures and the audit of every attempt.

Unit tests stub HTTP with `responses`; the closed-port and silent-server tests use real sockets.
"""

import socket
from contextlib import closing

import pytest
import requests
import responses
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from requests.exceptions import ConnectTimeout, ReadTimeout
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from backoffice.actors import acting_as
from backoffice.errors import PartnerOutcomeUnknown, PartnerUnavailable
from backoffice.models import PartnerExchange
from backoffice.partner_http import USER_AGENT, PartnerConfig, PartnerHTTP, TimeoutSession
from tests.support import free_port

BASE = "https://partner.test"
SECRET = "s3cr3t-partner-value"

pytestmark = pytest.mark.django_db


@pytest.fixture
def waits(monkeypatch):
    """Records every back-off wait instead of sleeping."""
    recorded = []
    monkeypatch.setattr("backoffice.partner_http.time.sleep", recorded.append)
    return recorded


@pytest.fixture
def http(waits):
    return PartnerHTTP(PartnerConfig("innocigs", BASE, (1.5, 4.0), secrets=(SECRET,)))


def refused():
    """What requests raises when nothing listens on the port: the request never left."""
    reason = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/x", reason))


def dropped():
    """The connection broke after the request was written: it may have arrived."""
    return requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError(104)))


# --- timeouts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", [None, 5, (5, None), (None, 5), (0, 5)], ids=str)
def test_a_request_without_connect_and_read_timeouts_is_refused(timeout):
    session = TimeoutSession()
    kwargs = {} if timeout is None else {"timeout": timeout}
    with responses.RequestsMock(assert_all_requests_are_fired=False) as stub:
        stub.get(f"{BASE}/x", body="ok")
        with pytest.raises(ValueError, match=r"\(connect, read\) timeout"):
            session.get(f"{BASE}/x", **kwargs)
        assert len(stub.calls) == 0


@responses.activate
def test_every_request_carries_the_partner_timeouts_and_a_user_agent_naming_the_back_office(http):
    responses.get(f"{BASE}/quantity/X", json={})
    http.send("GET", "quantity/X", operation="stock")
    request = responses.calls[0].request
    assert request.req_kwargs["timeout"] == (1.5, 4.0)
    assert request.headers["User-Agent"] == USER_AGENT
    assert "backoffice" in USER_AGENT


# --- retries of reads -------------------------------------------------------------------------------------


@responses.activate
@pytest.mark.parametrize("status", [503, 502, 429])
def test_get_is_retried_on_overload_with_jittered_growing_backoff(http, waits, status):
    responses.get(f"{BASE}/stock", status=status)
    responses.get(f"{BASE}/stock", status=status)
    responses.get(f"{BASE}/stock", json={"ok": True})
    response = http.send("GET", "stock", operation="stock")
    assert response.status_code == 200
    assert len(responses.calls) == 3
    assert len(waits) == 2
    assert 0.25 <= waits[0] <= 0.5  # half to all of base * 2**0
    assert 0.5 <= waits[1] <= 1.0  # half to all of base * 2**1


@responses.activate
def test_get_gives_up_after_the_last_attempt_and_returns_the_last_reply(http, waits):
    responses.get(f"{BASE}/stock", status=503)
    response = http.send("GET", "stock", operation="stock")
    assert response.status_code == 503
    assert len(responses.calls) == http.max_attempts == 3
    assert len(waits) == 2


@responses.activate
def test_backoff_is_capped(http, waits):
    http.backoff_base = 100.0
    responses.get(f"{BASE}/stock", status=503)
    http.send("GET", "stock", operation="stock")
    assert waits and all(http.backoff_cap / 2 <= w <= http.backoff_cap for w in waits)


@responses.activate
def test_backoff_is_jittered(http, waits):
    responses.get(f"{BASE}/stock", status=503)
    for _ in range(10):
        http.send("GET", "stock", operation="stock")
    assert len(set(waits[::2])) > 1


@responses.activate
@pytest.mark.parametrize(
    ("header", "expected"),
    [("3", 3.0), ("0", 0.0), ("3600", 30.0), ("-5", 0.0)],
    ids=["honoured", "zero", "capped", "negative"],
)
def test_get_honours_retry_after_within_a_cap(http, waits, header, expected):
    responses.get(f"{BASE}/stock", status=429, headers={"Retry-After": header})
    responses.get(f"{BASE}/stock", json={})
    assert http.send("GET", "stock", operation="stock").status_code == 200
    assert waits == [expected]


@responses.activate
@pytest.mark.parametrize("header", ["Wed, 21 Oct 2026 07:28:00 GMT", "nan", "soon"])
def test_an_unreadable_retry_after_falls_back_to_the_backoff(http, waits, header):
    responses.get(f"{BASE}/stock", status=503, headers={"Retry-After": header})
    responses.get(f"{BASE}/stock", json={})
    http.send("GET", "stock", operation="stock")
    assert len(waits) == 1 and 0.25 <= waits[0] <= 0.5


@responses.activate
@pytest.mark.parametrize("failure", [refused, dropped, ReadTimeout, ConnectTimeout], ids=lambda f: f.__name__)
def test_get_is_retried_after_a_connection_failure(http, waits, failure):
    responses.get(f"{BASE}/stock", body=failure())
    responses.get(f"{BASE}/stock", json={"ok": True})
    assert http.send("GET", "stock", operation="stock").json() == {"ok": True}
    assert len(responses.calls) == 2 and len(waits) == 1


@responses.activate
def test_get_that_never_connects_raises_unavailable_after_the_last_attempt(http, waits):
    responses.get(f"{BASE}/stock", body=refused())
    with pytest.raises(PartnerUnavailable) as caught:
        http.send("GET", "stock", operation="stock")
    assert len(responses.calls) == 3
    assert caught.value.retryable and caught.value.partner == "innocigs"
    assert "refused" in caught.value.message


@responses.activate
@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_a_client_error_is_not_retried(http, waits, status):
    responses.get(f"{BASE}/stock", status=status)
    assert http.send("GET", "stock", operation="stock").status_code == status
    assert len(responses.calls) == 1 and waits == []


# --- writes are never retried -----------------------------------------------------------------------------


@responses.activate
@pytest.mark.parametrize("status", [503, 502, 429, 500])
def test_post_is_never_retried_on_overload(http, waits, status):
    responses.post(f"{BASE}/dropship", status=status)
    assert http.send("POST", "dropship", operation="dropship", json={"order": 1}).status_code == status
    assert len(responses.calls) == 1 and waits == []


@responses.activate
def test_post_whose_connection_was_refused_is_unavailable_and_not_retried(http, waits):
    responses.post(f"{BASE}/dropship", body=refused())
    with pytest.raises(PartnerUnavailable) as caught:
        http.send("POST", "dropship", operation="dropship", json={"order": 1})
    assert len(responses.calls) == 1 and waits == []
    assert caught.value.retryable


@responses.activate
@pytest.mark.parametrize("failure", [ReadTimeout, dropped], ids=["read-timeout", "dropped"])
def test_post_without_a_reply_has_an_unknown_outcome_and_is_not_retried(http, waits, failure):
    responses.post(f"{BASE}/dropship", body=failure())
    with pytest.raises(PartnerOutcomeUnknown) as caught:
        http.send("POST", "dropship", operation="dropship", json={"order": 1})
    assert len(responses.calls) == 1 and waits == []
    assert not caught.value.retryable
    assert "outcome is unknown" in caught.value.message


@responses.activate
def test_post_with_a_connect_timeout_was_never_sent(http, waits):
    responses.post(f"{BASE}/dropship", body=ConnectTimeout())
    with pytest.raises(PartnerUnavailable, match="No connection within 1.5 s"):
        http.send("POST", "dropship", operation="dropship", json={"order": 1})
    assert len(responses.calls) == 1


@responses.activate
@pytest.mark.parametrize("failure", [refused, ReadTimeout])
def test_read_only_post_is_retried_like_a_get(http, waits, failure):
    responses.post(f"{BASE}/xmlapi", status=503)
    responses.post(f"{BASE}/xmlapi", body=failure())
    responses.post(f"{BASE}/xmlapi", body="<OK/>")
    response = http.send("POST", "xmlapi", operation="stock", data={"command": "quantity"}, read_only=True)
    assert response.text == "<OK/>"
    assert len(responses.calls) == 3 and len(waits) == 2


@pytest.mark.parametrize("base", ["partner.test", "ftp://partner.test"], ids=["no-scheme", "wrong-scheme"])
def test_a_bad_base_url_is_a_clear_unavailable_error_and_not_retried(waits, base):
    http = PartnerHTTP(PartnerConfig("innoship", base, (1.0, 1.0)))
    with pytest.raises(PartnerUnavailable, match="BASE_URL"):
        http.send("POST", "api/Order", operation="book", json={})
    with pytest.raises(PartnerUnavailable, match="BASE_URL"):
        http.send("GET", "api/Courier", operation="couriers")
    assert waits == []
    assert PartnerExchange.objects.count() == 2


# --- over real sockets ------------------------------------------------------------------------------------


def test_post_to_a_closed_port_is_unavailable_with_nothing_sent(waits):
    http = PartnerHTTP(PartnerConfig("meineinkauf", f"http://127.0.0.1:{free_port()}/v1", (1.0, 1.0)))
    with pytest.raises(PartnerUnavailable, match="refused"):
        http.send("POST", "orders", operation="register", json={"order": 1})
    exchange = PartnerExchange.objects.get()
    assert exchange.status_code is None and "refused" in exchange.error


def test_post_to_a_server_that_never_answers_has_an_unknown_outcome(waits):
    with closing(socket.socket()) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # the kernel accepts the connection; nobody ever reads or answers
        port = silent.getsockname()[1]
        http = PartnerHTTP(PartnerConfig("innoship", f"http://127.0.0.1:{port}", (1.0, 0.2)))
        with pytest.raises(PartnerOutcomeUnknown, match=r"No reply within 0.2 s"):
            http.send("POST", "api/Order", operation="book", json={"order": 1})
    assert PartnerExchange.objects.get().error.startswith("No reply within 0.2 s")


# --- the audit --------------------------------------------------------------------------------------------


@responses.activate
def test_one_exchange_row_per_attempt_with_status_duration_and_actor(http, waits):
    responses.get(f"{BASE}/stock", status=503)
    responses.get(f"{BASE}/stock", body=refused())
    responses.get(f"{BASE}/stock", json={"QUANTITY": 5})
    with acting_as("user:alice"):
        http.send("GET", "stock", operation="stock")
    rows = list(PartnerExchange.objects.order_by("id"))
    assert [r.status_code for r in rows] == [503, None, 200]
    assert [r.operation for r in rows] == ["stock"] * 3
    assert {r.partner for r in rows} == {"innocigs"}
    assert {r.method for r in rows} == {"GET"}
    assert {r.triggered_by for r in rows} == {"user:alice"}
    assert all(r.duration_ms >= 0 for r in rows)
    assert rows[1].error and "refused" in rows[1].error and not rows[1].ok
    assert rows[2].response_body == '{"QUANTITY": 5}' and rows[2].ok


@responses.activate
def test_without_an_actor_the_exchange_says_system(http):
    responses.get(f"{BASE}/stock", json={})
    http.send("GET", "stock", operation="stock")
    assert PartnerExchange.objects.get().triggered_by == "system"


@responses.activate
def test_exchange_links_the_related_object(http):
    user = get_user_model().objects.create(username="related-thing")
    responses.post(f"{BASE}/dropship", json={"ok": True})
    http.send("POST", "dropship", operation="dropship", json={"order": 1}, related=user)
    exchange = PartnerExchange.objects.get()
    assert exchange.content_type == ContentType.objects.get_for_model(user)
    assert exchange.object_id == str(user.pk)
    assert exchange.related == user
    assert exchange.related_label == "related-thing"


@responses.activate
def test_url_and_bodies_are_stored_without_credentials(http):
    responses.post(f"{BASE}/xmlapi", body=f"<ECHO>auth={SECRET}</ECHO>", content_type="text/xml")
    http.send("POST", "xmlapi", operation="stock", params={"token": "tok-abc", "model": "M1"},
              data={"cid": "4711", "auth": SECRET, "command": "quantity"}, read_only=True)
    responses.post(f"{BASE}/order", json={"echo": SECRET, "secret": "other-secret"})
    http.send("POST", "order", operation="order", json={"store": "999", "secret": SECRET, "name": "M1"})
    xml_row, json_row = PartnerExchange.objects.order_by("id")
    assert xml_row.url == f"{BASE}/xmlapi?token=***&model=M1"
    assert xml_row.request_body == "cid=***&auth=***&command=quantity"
    assert SECRET not in xml_row.response_body and "***" in xml_row.response_body
    assert json_row.request_body == '{"store": "999", "secret": "***", "name": "M1"}'
    assert json_row.response_body == '{"echo": "***", "secret": "***"}'


@responses.activate
def test_bodies_are_capped(http, settings):
    settings.PARTNER_AUDIT_BODY_LIMIT = 100
    responses.post(f"{BASE}/catalogue", body="R" * 1000, content_type="text/plain")
    http.send("POST", "catalogue", operation="catalogue", data="Q" * 500, read_only=True)
    exchange = PartnerExchange.objects.get()
    assert exchange.request_body.startswith("Q" * 100)
    assert exchange.request_body.endswith("[400 more characters not kept]")
    assert exchange.response_body.startswith("R" * 100)
    assert exchange.response_body.endswith("[900 more characters not kept]")
    assert len(exchange.response_body) < 150


@responses.activate
def test_a_binary_reply_is_described_not_stored(http):
    pdf = b"%PDF-1.4\x00\x01\x02binary\x00label"
    responses.get(f"{BASE}/label", body=pdf, content_type="application/pdf")
    assert http.send("GET", "label", operation="label").content == pdf
    assert PartnerExchange.objects.get().response_body == f"[application/pdf reply, {len(pdf)} bytes]"


def test_the_environment_proxies_are_read_once_per_host_and_still_apply(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    monkeypatch.setenv("NO_PROXY", "direct.test")
    read, real = [], requests.sessions.get_environ_proxies
    monkeypatch.setattr(requests.sessions, "get_environ_proxies",
                        lambda url, no_proxy=None: read.append(url) or real(url, no_proxy=no_proxy))
    session = TimeoutSession()
    first = session.merge_environment_settings("https://partner.test/a", {}, None, None, None)
    again = session.merge_environment_settings("https://partner.test/b?x=1", {}, True, False, None)
    direct = session.merge_environment_settings("https://direct.test/a", {}, None, None, None)
    assert first["proxies"]["https"] == "http://proxy.test:3128" and first["stream"] is False
    assert again["proxies"] == first["proxies"] and again["stream"] is True and again["verify"] is False
    assert "https" not in direct["proxies"]
    assert read == ["https://partner.test/a", "https://direct.test/a"]


@responses.activate
def test_a_nul_character_in_a_text_reply_does_not_lose_the_audit_row(http):
    responses.get(f"{BASE}/stock", body=b"broken\x00reply", content_type="text/plain")
    http.send("GET", "stock", operation="stock")
    assert PartnerExchange.objects.get().response_body == "broken\ufffdreply"


@responses.activate
@pytest.mark.django_db(transaction=True)
def test_a_health_update_that_fails_does_not_lose_the_audit_row(http, monkeypatch, caplog):
    # Outside any transaction the audit row commits first; the health comes after it, on its own.
    def broken(exchange):
        raise RuntimeError("the health row is locked")

    monkeypatch.setattr("backoffice.audit.partner_health_from_exchange", broken)
    responses.get(f"{BASE}/stock", json={"QUANTITY": 5})
    http.send("GET", "stock", operation="stock")
    assert PartnerExchange.objects.get().response_body == '{"QUANTITY": 5}'
    assert "The health of innocigs was not updated" in caplog.text


@responses.activate
def test_a_streamed_reply_is_not_read_into_the_audit(http):
    responses.get(f"{BASE}/feed", body=b"<R>" + b"<P/>" * 1000 + b"</R>", content_type="text/xml")
    response = http.send("GET", "feed", operation="catalogue", stream=True)
    assert PartnerExchange.objects.get().response_body == "[streamed]"
    assert b"".join(response.iter_content(1024)).startswith(b"<R><P/>")
