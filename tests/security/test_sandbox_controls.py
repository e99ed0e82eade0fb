"""The sandbox's control calls (ship now, set stock, replace Zonos' orders …) answer only a logged-in superuser
or a caller holding SANDBOX_CONTROL_TOKEN; the emulated partner APIs stay open to their own credentials."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from backoffice.sandbox import credentials, state
from backoffice.sandbox.common import CONTROL_TOKEN_HEADER
from backoffice.sandbox.urls import CONTROL_SEGMENTS
from backoffice.sandbox.urls import urlpatterns as emulations
from tests.support import control_headers

pytestmark = pytest.mark.django_db
REVISION = "/sandbox/innocigs/_control/revision"


def control_paths():
    """Every control route the sandbox serves, as a path (none of them takes an argument)."""
    paths = []
    for emulation in emulations:
        for pattern in emulation.url_patterns:
            route = str(pattern.pattern)
            if CONTROL_SEGMENTS & set(route.split("/")):
                paths.append(f"/sandbox/{emulation.pattern}{route}")
    return paths


@pytest.fixture(autouse=True)
def fresh_sandbox():
    state.reset()
    yield
    state.reset()


def test_every_control_route_is_found():
    paths = control_paths()
    assert "/sandbox/innocigs/_control/ship" in paths and "/sandbox/meineinkauf/v1/_control/advance" in paths
    assert {"/sandbox/innoship/api/_sandbox/status", "/sandbox/zonos/control/orders"} <= set(paths)
    assert {"/sandbox/innoship/_control/latency", "/sandbox/meineinkauf/v1/_control/placements"} <= set(paths)
    assert len(paths) == 18


@pytest.mark.parametrize("path", control_paths())
def test_anyone_else_is_refused_by_every_control_in_words(path):
    staff = User.objects.create_user("clerk", password="pw", is_staff=True)
    logged_in = Client()
    logged_in.force_login(staff)
    wrong_token = Client(headers={CONTROL_TOKEN_HEADER: "guessed"})
    for client in (Client(), logged_in, wrong_token):
        for method in (client.get, client.post):
            refused = method(path)
            assert refused.status_code == 403, (path, method)
            assert "superuser" in refused.json()["error"]


def test_an_empty_token_setting_lets_no_token_through(settings):
    settings.SANDBOX_CONTROL_TOKEN = ""
    assert Client().post(REVISION, headers={CONTROL_TOKEN_HEADER: ""}).status_code == 403


def test_the_token_gets_through():
    assert Client().post(REVISION, headers=control_headers()).json() == {"revision": 1}


def test_a_superuser_gets_through_with_the_csrf_check_of_any_session_form():
    superuser = User.objects.create_superuser("root", password="pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    assert client.post(REVISION).status_code == 403  # a cross-site form could not make this call
    client.get("/admin/")  # hands out the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert client.post(REVISION, headers={"X-CSRFToken": token}).json() == {"revision": 1}
    assert client.get("/sandbox/innocigs/_control/dropships").status_code == 200


def test_the_emulated_partner_apis_need_no_login():
    auth = {"Auth": f"{credentials.INNOCIGS_CID}:{credentials.INNOCIGS_PASSWORD}"}
    assert Client().get("/sandbox/innocigs/restapi/quantity/12M100L10-BG-0", headers=auth).status_code == 200
