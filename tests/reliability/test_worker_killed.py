"""SIGKILL to a real qcluster while a dropship batch is in flight: after a restart every order is accepted once.

The small run of `bench/kill_test.py --quick` (its README section has the full one), on this suite's own kind of
database and broker: SQLite and the ORM broker, or PostgreSQL and Redis when DATABASE_URL and REDIS_URL say so.
It starts a sandbox web server and two clusters as subprocesses, so it takes about half a minute.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parents[2]


def run_database(tmp_path):
    """A database beside the suite's: `<its name>_kill` on PostgreSQL, else a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        name = environ.Env.db_url_config(url)["NAME"]
        return url.rsplit("/", 1)[0] + f"/{name}_kill"
    return f"sqlite:///{tmp_path / 'kill.sqlite3'}"


def test_every_order_is_accepted_exactly_once_after_the_cluster_is_killed_mid_batch(tmp_path):
    broker = "redis" if os.environ.get("REDIS_URL") else "orm"
    out = tmp_path / "result.json"
    # InnoCigs by XML (its batches), Innoship and MeinEinkauf; the sandbox places a repeat again in every run.
    command = [sys.executable, str(ROOT / "bench" / "kill_test.py"), "--quick", "--brokers", broker, "--apis", "xml",
               "--partners", "innocigs,innoship,meineinkauf", "--database-url", run_database(tmp_path),
               "--json", str(out)]
    if broker == "redis":
        command += ["--redis-url", os.environ["REDIS_URL"]]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert out.exists(), finished.stdout + finished.stderr
    runs = json.loads(out.read_text())
    assert [run["api"] for run in runs] == ["xml", "innoship", "meineinkauf"], finished.stdout
    for run in runs:
        check_run(run, finished)
    assert finished.returncode == 0


def check_run(run, finished):
    assert run["failures"] == [], finished.stdout
    # The kill caught a request in flight, with orders already accepted and others claimed but not answered.
    assert run["kill"]["in_flight"] >= 1 and run["kill"]["accepted"] >= 1
    assert run["kill"]["sending"] >= run["kill"]["in_flight"]
    # Each order once at the partner, none resent without a look-up first, none left unknown.
    assert run["accepted"] == run["orders"] == run["placed_sum"] and run["placed_max"] == 1
    assert run["resent_blindly"] == 0
    # What the dead worker left was visibly unknown, with its reason, until reconcile settled it.
    assert run["unknown_before"] == run["kill"]["sending"] and run["unknown_after"] == 0
    assert run["reasons"] == ["the sender stopped before recording an outcome; reconcile"]
    # The lost job was queued again from the database and finished.
    assert run["job"]["status"] == "done" and run["job"]["requeued"] == 1
