from pathlib import Path

import pytest
import responses

from suppliers.innocigs.client import InnocigsClient

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://innocigs.test"
REST = f"{BASE}/restapi"
XML = f"{BASE}/xmlapi/apiv2.php"


def fixture(name) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def innocigs(settings):
    """InnoCigs at a stub address: every HTTP call must be stubbed with `responses`."""
    settings.INNOCIGS_BASE_URL = BASE
    settings.INNOCIGS_CID = "12345"
    settings.INNOCIGS_PASSWORD = "stub-password"
    settings.INNOCIGS_TEST_MODE = False
    with responses.RequestsMock() as mock:
        yield mock


@pytest.fixture(params=["rest", "xml"])
def api(request, settings):
    settings.INNOCIGS_API = request.param
    return request.param


def client(api="rest", **overrides):
    return InnocigsClient.from_settings(api=api, **overrides)


def stub(mock, api, *, rest_path, command, body, status=200):
    """Stubs one reply for either API."""
    if api == "rest":
        mock.get(f"{REST}/{rest_path}", body=body, status=status, content_type="application/json")
    else:
        mock.post(XML, body=body, status=status, content_type="text/xml; charset=utf-8")
