"""SIGKILL to a real qcluster while a dropship batch is in flight: after a restart every order is accepted once.

The small run of `bench/kill_test.py --quick` (its README section has the full one), on this suite's own kind of
database and broker: SQLite and the ORM broker, or PostgreSQL and Redis when DATABASE_URL and REDIS_URL say so.
Each route starts a sandbox web server and two clusters as subprocesses and takes about half a minute; on the ORM
broker the three routes run at once.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parents[2]


# InnoCigs by XML (its batches), Innoship and MeinEinkauf; the sandbox places a repeat again in every run.
ROUTES = (("innocigs", "xml"), ("innoship", "innoship"), ("meineinkauf", "meineinkauf"))


def run_database(tmp_path, route):
    """A database beside the suite's, one per route: `<its name>_kill_<route>` on PostgreSQL, else a SQLite
    file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        name = environ.Env.db_url_config(url)["NAME"]
        return url.rsplit("/", 1)[0] + f"/{name}_kill_{route}"
    return f"sqlite:///{tmp_path / f'kill_{route}.sqlite3'}"


def test_every_order_is_accepted_exactly_once_after_the_cluster_is_killed_mid_batch(tmp_path):
    broker = "redis" if os.environ.get("REDIS_URL") else "orm"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    started = []
    try:
        for partner, route in ROUTES:
            out, log = tmp_path / f"{route}.json", tmp_path / f"{route}.log"
            command = [sys.executable, str(ROOT / "bench" / "kill_test.py"), "--quick", "--brokers", broker,
                       "--apis", "xml", "--partners", partner, "--database-url", run_database(tmp_path, route),
                       "--json", str(out)]
            if broker == "redis":
                command += ["--redis-url", os.environ["REDIS_URL"]]
            with log.open("w") as output:
                process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
            started.append((route, process, out, log))
            # Each route has its own database, sandbox port and cluster, so on the ORM broker they run side by
            # side (most of a run is waiting for the stale claim). On Redis they would share the queue's one
            # list in REDIS_URL's database: one after the other.
            if broker == "redis":
                process.wait(timeout=900)
        for route, process, out, log in started:
            process.wait(timeout=900)
            output = log.read_text()
            assert out.exists(), output
            [run] = json.loads(out.read_text())
            assert run["api"] == route, output
            check_run(run, output)
            assert process.returncode == 0, output
    finally:
        for _, process, _, _ in started:  # only after a failure is any still running
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=60)


def check_run(run, output):
    assert run["failures"] == [], output
    # The kill caught a request in flight, with orders already accepted and others claimed but not answered.
    assert run["kill"]["in_flight"] >= 1 and run["kill"]["accepted"] >= 1
    assert run["kill"]["sending"] >= run["kill"]["left"] >= run["kill"]["in_flight"]
    # Each order once at the partner, none resent without a look-up first, none left unknown.
    assert run["accepted"] == run["orders"] == run["placed_sum"] and run["placed_max"] == 1
    assert run["resent_blindly"] == 0
    # What the dead worker may have sent was visibly unknown, with its reason, until reconcile settled it; its
    # claims whose request never left went back to `ready` (and were accepted once, above).
    assert run["unknown_before"] == run["kill"]["left"] and run["unknown_after"] == 0
    assert run["reasons"] == ["the sender stopped before recording an outcome; reconcile"]
    # The lost job was queued again from the database and finished.
    assert run["job"]["status"] == "done" and run["job"]["requeued"] == 1
