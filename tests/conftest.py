import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from backoffice.partner_http import close_sessions
from backoffice.sandbox import credentials, state

# Property tests judge what the code does, never how fast a shared, busy machine runs an example: no per-example
# deadline and no "too slow" health check, for every property test (a test's own @settings adds to this).
hypothesis_settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("suite")


@pytest.fixture
def sandbox(live_server, settings):
    """Points every partner at the sandbox served by a live server, with the sandbox's credentials."""
    state.reset()
    base = f"{live_server.url}/sandbox"
    settings.INNOCIGS_BASE_URL = f"{base}/innocigs"
    settings.INNOCIGS_CID = credentials.INNOCIGS_CID
    settings.INNOCIGS_PASSWORD = credentials.INNOCIGS_PASSWORD
    settings.INNOCIGS_TEST_MODE = False
    settings.INNOSHIP_BASE_URL = f"{base}/innoship"
    settings.INNOSHIP_API_KEY = credentials.INNOSHIP_API_KEY
    settings.MEINEINKAUF_BASE_URL = f"{base}/meineinkauf/v1"
    settings.MEINEINKAUF_API_KEY = credentials.MEINEINKAUF_API_KEY
    settings.ZONOS_BASE_URL = f"{base}/zonos"
    settings.ZONOS_STORE_ID = credentials.ZONOS_STORE_ID
    settings.ZONOS_SECRET = credentials.ZONOS_SECRET
    yield base
    close_sessions()  # no kept-alive connection holds a server thread open after the test
    state.reset()


def pytest_sessionfinish(session, exitstatus):
    """A run that collected no test fails: CI must never pass on a suite that silently ran nothing."""
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_POSTGRES_DESELECTED = pytest.StashKey[int]()
_POSTGRES_RAN = pytest.StashKey[int]()


def _on_postgresql():
    from django.db import connection

    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config, items):
    """`postgres` tests are deselected on SQLite, and always run on PostgreSQL: one rule, said in the summary."""
    if _on_postgresql():
        config.stash[_POSTGRES_DESELECTED] = 0
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    config.stash[_POSTGRES_DESELECTED] = len(deselected)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On PostgreSQL a `postgres` test must run: a skip there would hide the very check CI's second step is for."""
    report = yield
    if item.get_closest_marker("postgres") is not None and report.skipped:
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"A PostgreSQL-only test was skipped on PostgreSQL: {reason}"
    return report


_session_config = []  # the run's config: pytest_runtest_logreport is not given it


def pytest_configure(config):
    _session_config[:] = [config]


def pytest_runtest_logreport(report):
    """Counted where reports arrive: in the one process, or in pytest-xdist's controller from its workers."""
    if report.when == "call" and "postgres" in report.keywords and not report.skipped:
        [config] = _session_config
        config.stash[_POSTGRES_RAN] = config.stash.get(_POSTGRES_RAN, 0) + 1


def pytest_collection_finish(session):
    """A pytest-xdist worker tells its controller, which collects nothing itself, what it deselected."""
    config = session.config
    if hasattr(config, "workeroutput"):
        config.workeroutput["postgres_deselected"] = config.stash.get(_POSTGRES_DESELECTED, 0)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """Every worker collects the whole suite, so each deselected the same PostgreSQL-only tests."""
    deselected = getattr(node, "workeroutput", {}).get("postgres_deselected", 0)
    node.config.stash[_POSTGRES_DESELECTED] = max(node.config.stash.get(_POSTGRES_DESELECTED, 0), deselected)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    deselected, ran = config.stash.get(_POSTGRES_DESELECTED, 0), config.stash.get(_POSTGRES_RAN, 0)
    if deselected:
        terminalreporter.write_line(
            f"{deselected} PostgreSQL-only tests deselected: run with DATABASE_URL=postgres://… (CI's second step does)"
        )
    if ran:
        terminalreporter.write_line(f"{ran} PostgreSQL-only tests ran on PostgreSQL")
