"""Settings come from the environment: production values pass `check --deploy`, the sandbox is refused in
production, Redis switches the queue and the cache, and every variable read is documented."""

import re
import runpy
import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.support import ROOT, manage, production_env

SETTINGS = ROOT / "backoffice" / "settings.py"
# Every variable the settings read by its literal name: env("X"), env.bool("X", ...), os.environ.get("X").
READ = sorted(set(re.findall(r"""(?:env(?:\.\w+)?|os\.environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""",
                             SETTINGS.read_text())))


def load(monkeypatch, **values):
    """Runs backoffice/settings.py with exactly these variables (and no .env); returns its names."""
    for name in {*READ, "BACKOFFICE_ENV_FILE"}:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BACKOFFICE_ENV_FILE", "")
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


PROD = {"DEBUG": "false", "SECRET_KEY": "k" * 10 + secrets.token_urlsafe(50)}


def test_check_deploy_passes_with_production_values(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_with_debug_on(tmp_path):
    result = manage(production_env(tmp_path, DEBUG="true"), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout  # DEBUG in deployment


def test_sandbox_is_refused_in_production_with_a_clear_message(tmp_path):
    result = manage(production_env(tmp_path, SANDBOX="true"), "check")
    assert result.returncode != 0
    assert "SANDBOX=true is refused with DEBUG=false; set SANDBOX_FORCE=true to insist." in result.stderr


def test_check_deploy_warns_of_a_forced_sandbox(tmp_path):
    result = manage(production_env(tmp_path, SANDBOX="true", SANDBOX_FORCE="true"), "check", "--deploy",
                    "--fail-level", "WARNING")
    assert result.returncode != 0
    said = result.stderr + result.stdout
    assert "backoffice.W001" in said and "anyone who reaches the server can call fake partner APIs" in said


def test_sandbox_in_production_only_when_forced(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SANDBOX_FORCE"):
        load(monkeypatch, **PROD, SANDBOX="true")
    assert load(monkeypatch, **PROD, SANDBOX="true", SANDBOX_FORCE="true")["SANDBOX"] is True
    assert load(monkeypatch, DEBUG="true", SANDBOX="true")["SANDBOX"] is True


def test_a_secret_key_is_required_in_production(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load(monkeypatch, DEBUG="false")


def test_without_redis_the_queue_uses_the_orm_and_the_cache_is_local(monkeypatch):
    s = load(monkeypatch, **PROD)
    assert s["Q_CLUSTER"]["orm"] == "default" and "redis" not in s["Q_CLUSTER"]
    assert s["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_switches_the_queue_broker_and_the_cache_to_redis(monkeypatch):
    s = load(monkeypatch, **PROD, REDIS_URL="redis://127.0.0.1:6379/3")
    assert s["Q_CLUSTER"]["redis"] == "redis://127.0.0.1:6379/3" and "orm" not in s["Q_CLUSTER"]
    assert s["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/3",
    }


def test_the_queue_never_runs_a_task_twice_at_once_nor_forever_nor_in_a_burst(monkeypatch):
    q = load(monkeypatch, **PROD)["Q_CLUSTER"]
    assert q["timeout"] < q["retry"]
    assert isinstance(q["max_attempts"], int) and 0 < q["max_attempts"] < 10
    assert q["catch_up"] is False
    with pytest.raises(ImproperlyConfigured, match="Q_TIMEOUT must be smaller than Q_RETRY"):
        load(monkeypatch, **PROD, Q_TIMEOUT="900", Q_RETRY="900")


def test_django_q_reads_the_same_queue_limits():
    from django_q.conf import Conf

    assert Conf.TIMEOUT < Conf.RETRY
    assert Conf.MAX_ATTEMPTS == 3
    assert Conf.CATCH_UP is False


def test_sqlite_waits_for_locks_and_takes_the_write_lock_at_begin(monkeypatch, tmp_path):
    db = load(monkeypatch, **PROD, DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")["DATABASES"]["default"]
    assert db["OPTIONS"]["timeout"] >= 20
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_postgres_keeps_healthy_connections(monkeypatch):
    db = load(monkeypatch, **PROD, DATABASE_URL="postgres://u:p@db.example.com:5432/backoffice")["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["CONN_HEALTH_CHECKS"] is True and db["CONN_MAX_AGE"] > 0
    assert "transaction_mode" not in db.get("OPTIONS", {})


def test_each_partner_setting_comes_from_the_environment(monkeypatch):
    s = load(
        monkeypatch, **PROD,
        INNOCIGS_API="xml", INNOCIGS_BASE_URL="https://ic.example", INNOCIGS_CID="77", INNOCIGS_PASSWORD="pw",
        INNOCIGS_TEST_MODE="true", INNOCIGS_READ_TIMEOUT="120", PARTNER_CONNECT_TIMEOUT="3",
        INNOSHIP_BASE_URL="https://is.example", INNOSHIP_API_KEY="k", INNOSHIP_LOCATION="hh", INNOSHIP_SERVICE_ID="7",
        MEINEINKAUF_BASE_URL="https://me.example/v1", MEINEINKAUF_API_KEY="mk", MEINEINKAUF_CONNECT_TIMEOUT="2",
        ZONOS_BASE_URL="https://z.example", ZONOS_STORE_ID="999", ZONOS_SECRET="zs",
        SHOP_SENDER_COMPANY="Shop GmbH", SHOP_SENDER_CITY="Hamburg", SHOP_SENDER_PHONE="+49 40 1",
        STATIC_ROOT="/srv/static",
    )
    assert (s["INNOCIGS_API"], s["INNOCIGS_BASE_URL"], s["INNOCIGS_CID"], s["INNOCIGS_PASSWORD"]) == (
        "xml", "https://ic.example", "77", "pw")
    assert s["INNOCIGS_TEST_MODE"] is True
    assert s["INNOCIGS_TIMEOUT"] == (3.0, 120.0)
    assert (s["INNOSHIP_BASE_URL"], s["INNOSHIP_API_KEY"], s["INNOSHIP_LOCATION"], s["INNOSHIP_SERVICE_ID"]) == (
        "https://is.example", "k", "hh", 7)
    assert s["INNOSHIP_TIMEOUT"] == (3.0, 30.0)
    assert (s["MEINEINKAUF_BASE_URL"], s["MEINEINKAUF_API_KEY"]) == ("https://me.example/v1", "mk")
    assert s["MEINEINKAUF_TIMEOUT"] == (2.0, 30.0)
    assert (s["ZONOS_BASE_URL"], s["ZONOS_STORE_ID"], s["ZONOS_SECRET"]) == ("https://z.example", "999", "zs")
    assert s["SHOP_SENDER"]["company"] == "Shop GmbH" and s["SHOP_SENDER"]["city"] == "Hamburg"
    assert s["SHOP_SENDER"]["phone"] == "+49 40 1"
    assert str(s["STATIC_ROOT"]) == "/srv/static"


def test_an_unknown_innocigs_api_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="INNOCIGS_API"):
        load(monkeypatch, **PROD, INNOCIGS_API="soap")


def test_the_env_file_fills_in_what_the_environment_does_not_set(monkeypatch, tmp_path):
    env_file = tmp_path / "backoffice.env"
    env_file.write_text("ZONOS_STORE_ID=from-file\nINNOSHIP_LOCATION=from-file\n")
    for name in READ:
        monkeypatch.delenv(name, raising=False)
    for name, value in {**PROD, "BACKOFFICE_ENV_FILE": str(env_file), "INNOSHIP_LOCATION": "from-env"}.items():
        monkeypatch.setenv(name, value)
    s = runpy.run_path(str(SETTINGS))
    assert s["ZONOS_STORE_ID"] == "from-file"
    assert s["INNOSHIP_LOCATION"] == "from-env"


def test_every_setting_read_is_in_env_example_and_the_readme():
    assert len(READ) > 30
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    in_example = set(re.findall(r"(?m)^#?\s*([A-Z][A-Z0-9_]+)=", example))
    assert [name for name in READ if name not in in_example] == []
    assert [name for name in READ if f"`{name}`" not in readme] == []


def test_with_the_sandbox_on_the_partners_follow_the_address_served(monkeypatch):
    names = load(monkeypatch, DEBUG="true", SANDBOX="true", SANDBOX_ORIGIN="http://127.0.0.1:8765/")
    assert [names[f"{p}_BASE_URL"] for p in ("INNOCIGS", "INNOSHIP", "MEINEINKAUF", "ZONOS")] == [
        "http://127.0.0.1:8765/sandbox/innocigs", "http://127.0.0.1:8765/sandbox/innoship",
        "http://127.0.0.1:8765/sandbox/meineinkauf/v1", "http://127.0.0.1:8765/sandbox/zonos"]


def test_a_partner_url_set_wins_and_without_the_sandbox_none_is_invented(monkeypatch):
    names = load(monkeypatch, DEBUG="true", SANDBOX="true", INNOSHIP_BASE_URL="https://api.innoship.example")
    assert names["INNOSHIP_BASE_URL"] == "https://api.innoship.example"
    assert names["INNOCIGS_BASE_URL"] == "http://127.0.0.1:8000/sandbox/innocigs"
    names = load(monkeypatch, DEBUG="true")
    assert names["INNOCIGS_BASE_URL"] == names["ZONOS_BASE_URL"] == ""
