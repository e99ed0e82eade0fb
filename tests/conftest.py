import pytest

from backoffice.partner_http import close_sessions
from backoffice.sandbox import credentials, state


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
