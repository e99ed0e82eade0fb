"""The admin as deployed: gunicorn with DEBUG=false behind an HTTPS reverse proxy on the same machine.

The test plays the proxy: it speaks plain HTTP to gunicorn from 127.0.0.1 (TRUSTED_PROXIES) and sends what the
proxy sends, `X-Forwarded-Proto: https` and `X-Forwarded-For: <client>`. It checks the security headers, the
cookies' flags, and that logging in is limited per (user name, client address) pair and per client address
(two gunicorn workers: the limit is kept in the database, not in one process).
"""

import os
import re
import subprocess
import sys
from http.cookies import SimpleCookie

import pytest
import requests

from tests.support import ROOT, free_port, manage, production_env, wait_until_serving

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    env = production_env(tmp_path, STATIC_ROOT=str(tmp_path / "static"), ALLOWED_HOSTS="127.0.0.1",
                         TRUSTED_PROXIES="127.0.0.1", AXES_FAILURE_LIMIT="3", AXES_ADDRESS_FAILURE_LIMIT="5",
                         DJANGO_SUPERUSER_PASSWORD=PASSWORD, PYTHONPATH=os.environ.get("PYTHONPATH", ""))
    for command in (["migrate", "--verbosity", "0"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        done = manage(env, *command)
        assert done.returncode == 0, done.stderr
    for username in ("alice", "bob", "carol"):
        done = manage(env, "createsuperuser", "--noinput", "--username", username, "--email", "")
        assert done.returncode == 0, done.stderr
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "backoffice.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--chdir", str(ROOT), "--graceful-timeout", "3"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base}/admin/login/", process, log, headers=via_proxy())
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)




def via_proxy(client="203.0.113.10", forwarded=None, **headers):
    """The headers the HTTPS proxy adds: the scheme, and the address it received the request from."""
    return {"X-Forwarded-Proto": "https", "X-Forwarded-For": forwarded or client, **headers}


def cookies_set(response):
    jar = SimpleCookie()
    for header in response.raw.headers.getlist("Set-Cookie"):
        jar.load(header)
    return jar


def log_in(base, username, password, client="203.0.113.10", forwarded=None):
    page = requests.get(f"{base}/admin/login/", headers=via_proxy(client, forwarded), timeout=10)
    token = cookies_set(page)["csrftoken"].value
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    return requests.post(
        f"{base}/admin/login/?next=/admin/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": form_token},
        headers=via_proxy(client, forwarded, Cookie=f"csrftoken={token}", Referer=f"https://{base[7:]}/admin/login/"),
        allow_redirects=False, timeout=10,
    )


def test_pages_over_https_carry_the_security_headers(server):
    page = requests.get(f"{server}/admin/login/", headers=via_proxy(), timeout=10)
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csrf = cookies_set(page)["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"


def test_plain_http_is_sent_to_https_without_hsts(server):
    response = requests.get(f"{server}/admin/login/", allow_redirects=False, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://{server[7:]}/admin/login/"
    assert "Strict-Transport-Security" not in response.headers  # only ever sent over HTTPS


def test_the_session_cookie_is_secure_http_only_and_same_site(server):
    response = log_in(server, "carol", PASSWORD, client="203.0.113.30")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    session = cookies_set(response)["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    admin = requests.get(f"{server}/admin/", timeout=10, headers=via_proxy(
        "203.0.113.30", Cookie=f"sessionid={session.value}"))
    assert admin.status_code == 200 and "Dashboard" in admin.text
    assert "no-store" in admin.headers["Cache-Control"]  # staff pages are never cached on the way
    assert admin.headers["X-Frame-Options"] == "DENY"


def test_a_user_name_is_locked_out_from_the_client_address_that_failed_and_only_there(server):
    for _ in (1, 2):
        assert log_in(server, "alice", "wrong", client="198.51.100.1").status_code == 200
    assert log_in(server, "alice", "wrong", client="198.51.100.1").status_code == 429
    locked = log_in(server, "alice", PASSWORD, client="198.51.100.1")
    assert locked.status_code == 429 and "Too many failed login attempts" in locked.text
    # Everyone comes through the same proxy (REMOTE_ADDR 127.0.0.1): from another client alice still logs in.
    assert log_in(server, "alice", PASSWORD, client="198.51.100.2").status_code == 302


def test_an_address_is_locked_after_failures_for_any_user_and_only_that_address(server):
    for name in ("v", "w", "x", "y", "z"):
        log_in(server, name, "wrong", client="192.0.2.7")
    assert log_in(server, "bob", PASSWORD, client="192.0.2.7").status_code == 429
    # A header the client made up itself is kept by the proxy in front of the address it appends: not believed.
    assert log_in(server, "bob", PASSWORD, forwarded="192.0.2.99, 192.0.2.7").status_code == 429
    assert log_in(server, "bob", PASSWORD, client="192.0.2.8").status_code == 302
