"""Logging in is limited per user name and per address."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def limited(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, username, password, address):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_user_is_locked_after_repeated_failures_from_any_address(client, limited):
    get_user_model().objects.create_superuser("alice", password="correct-horse-battery")
    assert attempt(client, "alice", "wrong", "10.0.0.1").status_code == 200
    assert attempt(client, "alice", "wrong", "10.0.0.2").status_code == 200
    assert attempt(client, "alice", "wrong", "10.0.0.3").status_code == 429  # the third failure locks
    locked = attempt(client, "alice", "correct-horse-battery", "10.0.0.4")
    assert locked.status_code == 429 and b"Too many failed login attempts" in locked.content


@pytest.mark.django_db
def test_an_address_is_locked_after_repeated_failures_for_any_user(client, limited):
    get_user_model().objects.create_superuser("bob", password="correct-horse-battery")
    for name in ("x", "y", "z"):
        attempt(client, name, "wrong", "10.0.0.9")
    assert attempt(client, "bob", "correct-horse-battery", "10.0.0.9").status_code == 429
    assert attempt(client, "bob", "correct-horse-battery", "10.0.0.10").status_code == 302


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count(client, limited):
    get_user_model().objects.create_superuser("carol", password="correct-horse-battery")
    for _ in range(2):
        attempt(client, "carol", "wrong", "10.0.1.1")
    assert attempt(client, "carol", "correct-horse-battery", "10.0.1.1").status_code == 302
    client.logout()
    for _ in range(2):
        attempt(client, "carol", "wrong", "10.0.1.1")
    assert attempt(client, "carol", "correct-horse-battery", "10.0.1.1").status_code == 302
