"""With DEBUG=false under gunicorn, whitenoise serves the admin's CSS and every page carries the security
headers: the admin is styled in production with no separate static file server."""

import re
import subprocess
import sys

import requests

from tests.support import ROOT, free_port, manage, production_env, wait_until_serving


def test_admin_css_is_served_by_whitenoise_under_gunicorn(tmp_path):
    static_root = tmp_path / "static"
    env = production_env(tmp_path, STATIC_ROOT=str(static_root), SECURE_SSL_REDIRECT="false",
                         ALLOWED_HOSTS="127.0.0.1")
    collected = manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    assert collected.returncode == 0, collected.stderr
    assert (static_root / "staticfiles.json").exists()  # the hashed manifest production uses

    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "backoffice.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--chdir", str(ROOT), "--graceful-timeout", "3"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        login = wait_until_serving(f"{base}/admin/login/", server, log)
        assert login.status_code == 200
        assert "Dropship back-office" in login.text
        assert login.headers["X-Content-Type-Options"] == "nosniff"
        assert login.headers["Referrer-Policy"] == "same-origin"
        assert login.headers["X-Frame-Options"] == "DENY"

        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+\.css)"', login.text)
        base_css = next(href for href in stylesheets if "/admin/css/base." in href)
        assert re.search(r"base\.[0-9a-f]{12}\.css$", base_css), base_css  # hashed by the manifest storage
        css = requests.get(f"{base}{base_css}", timeout=(5, 30))  # a busy machine may answer slowly
        assert css.status_code == 200
        assert css.headers["Content-Type"].startswith("text/css")
        assert "immutable" in css.headers["Cache-Control"]  # whitenoise's header for hashed files
        assert css.headers["X-Content-Type-Options"] == "nosniff"
        assert "body" in css.text
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
