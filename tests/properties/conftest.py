import pytest

from backoffice.partner_http import PartnerHTTP, close_sessions

from .replies import HOSTS


@pytest.fixture
def partners(settings, monkeypatch, db):
    """Every partner configured at a stubbed host; a GET retried after a 5xx does not wait."""
    settings.INNOCIGS_BASE_URL = HOSTS["innocigs"]
    settings.INNOCIGS_CID, settings.INNOCIGS_PASSWORD = "4711", "not-a-real-password"
    settings.INNOCIGS_TEST_MODE = False
    settings.INNOSHIP_BASE_URL, settings.INNOSHIP_API_KEY = HOSTS["innoship"], "not-a-real-key"
    settings.INNOSHIP_LOCATION = "warehouse-1"
    settings.MEINEINKAUF_BASE_URL, settings.MEINEINKAUF_API_KEY = HOSTS["meineinkauf"], "not-a-real-key"
    settings.ZONOS_BASE_URL, settings.ZONOS_STORE_ID, settings.ZONOS_SECRET = HOSTS["zonos"], "999", "not-a-secret"
    monkeypatch.setattr(PartnerHTTP, "backoff_base", 0)
    yield settings
    close_sessions()
