"""A real gunicorn server for the page benchmarks, and a logged-in staff session against it."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BENCH_USER, BENCH_PASSWORD = "bench-staff", "bench-staff-password-1"
SERVER_PIDS = {}  # url -> the gunicorn master's pid, which leads the process group of its workers


def group_cpu_seconds(pgid):
    """User + system CPU seconds of every live process in the process group `pgid` (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ..., utime (11), stime (12)
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(workers=2, threads=4, **environment):
    """Serves the back-office (bench_settings) on a free port; `environment` overrides settings, e.g.
    SANDBOX="true" to serve only as the partners' sandbox."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings", "SECRET_KEY": "bench-only-not-a-secret",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "bench"), os.environ.get("PYTHONPATH")])),
           **environment}
    # The admin's pages name their hashed static files, as in production.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"], cwd=ROOT, env=env,
                   check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "backoffice.wsgi", f"--workers={workers}", f"--threads={threads}",
         f"--bind=127.0.0.1:{port}", f"--pythonpath={ROOT / 'bench'}", "--log-level=warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    SERVER_PIDS[url] = process.pid
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/admin/login/", timeout=(1, 5))
                break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or a busy machine
                time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def ensure_staff_user():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user, _ = User.objects.get_or_create(username=BENCH_USER, defaults={"is_staff": True, "is_superuser": True})
    user.set_password(BENCH_PASSWORD)
    user.save()


def logged_in_session(url, username=BENCH_USER):
    session = requests.Session()
    page = session.get(f"{url}/admin/login/", timeout=(2, 30))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{url}/admin/login/?next=/admin/",
        data={"username": username, "password": BENCH_PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{url}/admin/login/"}, timeout=(2, 30),
    )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"Could not log in to the bench server (HTTP {response.status_code}).")
    return session
