"""The kill test's databases and processes (bench/kill_test.py): a fresh database per run, and stopping what a
run started."""

import os
import signal
import subprocess
from pathlib import Path


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database(url):
    import environ

    return environ.Env.db_url_config(url)


def _fresh_database(url):
    _drop_database(url)
    config = _database(url)
    if "postgresql" in config["ENGINE"]:
        with _postgres_admin(config) as admin:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def _drop_database(url):
    config = _database(url)
    if "postgresql" in config["ENGINE"]:
        with _postgres_admin(config) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
    elif config["NAME"] and config["NAME"] != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{config['NAME']}{suffix}").unlink(missing_ok=True)


def _postgres_admin(config):
    import psycopg

    return psycopg.connect(dbname="postgres", user=config.get("USER") or None,
                           password=config.get("PASSWORD") or None, host=config.get("HOST") or None,
                           port=config.get("PORT") or None, autocommit=True)


def _stop(process):
    """Stops a process this run started: the leader first (a qcluster whose whole group gets SIGTERM never
    finishes stopping), then its whole group for sure after a bounded wait."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    process.log.close()
