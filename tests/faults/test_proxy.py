"""The fault proxy itself: each fault does what the fault tests rely on."""

import http.server
import threading

import pytest
import requests

from tests.faults.proxy import FaultProxy


class Upstream(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_POST(self):
        type(self).hits += 1
        body = b'{"ok": true, "padding": "' + b"x" * 200 + b'"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.rfile.read(int(self.headers["Content-Length"]))
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    Upstream.hits = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    with FaultProxy("127.0.0.1", server.server_address[1]) as fault_proxy:
        yield fault_proxy
    server.shutdown()


def post(proxy, timeout=(2, 2)):
    return requests.post(f"{proxy.url}/x", json={"a": 1}, timeout=timeout)


def test_pass_relays_the_reply(proxy):
    assert post(proxy).json()["ok"] is True
    assert proxy.forwarded == Upstream.hits == 1


def test_reset_before_reaches_nobody(proxy):
    proxy.set("reset_before")
    with pytest.raises(requests.ConnectionError):
        post(proxy)
    assert Upstream.hits == 0


def test_reset_after_reaches_the_partner_but_returns_nothing(proxy):
    proxy.set("reset_after")
    with pytest.raises(requests.ConnectionError):
        post(proxy)
    assert Upstream.hits == 1


def test_latency_beyond_the_read_timeout(proxy):
    proxy.set("latency", delay=1.0)
    with pytest.raises(requests.ReadTimeout):
        post(proxy, timeout=(2, 0.3))
    assert Upstream.hits == 1


def test_cut_reply_is_incomplete(proxy):
    proxy.set("cut_reply")
    with pytest.raises(requests.RequestException):
        post(proxy).json()


@pytest.mark.parametrize(("status", "retry_after"), [(500, None), (502, None), (503, "7")])
def test_status_answers_without_forwarding(proxy, status, retry_after):
    proxy.set("status", status=status, retry_after=retry_after)
    response = post(proxy)
    assert response.status_code == status and response.headers.get("Retry-After") == retry_after
    assert Upstream.hits == 0


def test_a_status_after_forwarding_reaches_the_partner_but_hides_its_reply(proxy):
    proxy.set("status", status=504, forward=True)
    response = post(proxy)
    assert response.status_code == 504 and response.text == "upstream trouble"
    assert proxy.forwarded == Upstream.hits == 1


def test_html_and_empty_bodies(proxy):
    proxy.set("html")
    assert post(proxy).text.startswith("<html>")
    proxy.set("empty")
    assert post(proxy).content == b""
    assert Upstream.hits == 0


def test_a_fault_can_hit_only_the_next_connections(proxy):
    proxy.set("status", status=503, times=2)
    assert [post(proxy).status_code for _ in range(3)] == [503, 503, 200]
