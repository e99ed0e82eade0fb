"""Small helpers shared by tests."""

import dataclasses
import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction

from backoffice import registry
from backoffice.sandbox.common import CONTROL_TOKEN_HEADER

ROOT = Path(__file__).resolve().parents[1]


def replace_spec(monkeypatch, partner, **changes):
    """Declares `partner` differently for one test (an adapter or tracker of the test's own, or one not built)."""
    spec = registry.partner_spec(partner)
    monkeypatch.setitem(registry._specs, partner, dataclasses.replace(spec, **changes))


def free_port():
    """A loopback port nothing listens on (the OS just handed it out and it was closed again)."""
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def control_headers():
    """The header that lets a test through the sandbox's control calls (tests/settings.py makes the token)."""
    return {CONTROL_TOKEN_HEADER: settings.SANDBOX_CONTROL_TOKEN}


def production_env(tmp_path, **overrides):
    """A clean environment with production values; no developer .env is read."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "backoffice.settings",
        "BACKOFFICE_ENV_FILE": "",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "backoffice.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://backoffice.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SANDBOX": "false",
        "SANDBOX_FORCE": "false",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
    }
    return {**env, **overrides}


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)  # generous: a busy machine migrates slowly; only a hang fails


@contextmanager
def rolled_back():
    """A block whose writes are rolled back afterwards, as a test case's own: marked like the blocks Django's
    TestCase opens, so the guard against partner calls inside a transaction (backoffice.transactions) treats
    it as the test's wrapper, not as the application's transaction."""
    block = transaction.atomic()
    block._from_testcase = True
    with block:
        yield
        transaction.set_rollback(True)


def wait_until_serving(url, process, log, *, deadline=120.0, **request):
    """GETs `url` until a server answers, whatever the error meanwhile (refused, reset, a slow first answer on a
    busy machine); fails only once the deadline has passed, or when the server process exits."""
    import requests

    stop = time.monotonic() + deadline
    while True:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            return requests.get(url, timeout=(2, 10), **request)
        except requests.RequestException:
            if time.monotonic() > stop:
                raise AssertionError(f"the server did not answer within {deadline:g} s:\n{log.read_text()}") from None
            time.sleep(0.2)
