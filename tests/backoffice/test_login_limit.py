"""Logging in is limited per (user name, address) pair and per address, never per user name alone."""

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery"


@pytest.fixture
def limited(settings):
    """The shipped limits: 5 failures lock a pair, 20 an address."""
    settings.AXES_ENABLED = True
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_ADDRESS_FAILURE_LIMIT) == (5, 20)


def attempt(client, username, password, address):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


@pytest.mark.django_db
def test_failures_for_a_name_lock_it_out_from_that_address_only(client, limited):
    get_user_model().objects.create_superuser("admin", password=PASSWORD)
    for _ in range(4):
        assert attempt(client, "admin", "wrong", "10.0.0.1").status_code == 200
    assert attempt(client, "admin", "wrong", "10.0.0.1").status_code == 429  # the fifth failure locks the pair
    locked = attempt(client, "admin", PASSWORD, "10.0.0.1")
    assert locked.status_code == 429 and b"Too many failed login attempts" in locked.content
    # Whoever guessed wrong from 10.0.0.1 did not lock the real admin out from elsewhere.
    assert attempt(client, "admin", PASSWORD, "10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_an_address_is_locked_after_failures_for_many_names_and_a_success_does_not_reset_it(client, limited):
    get_user_model().objects.create_superuser("bob", password=PASSWORD)
    for n in range(19):
        assert attempt(client, f"guess{n}", "wrong", "10.0.0.9").status_code == 200
    # Below the address limit a real user there still logs in; that clears bob's count, not the guesses'.
    assert attempt(client, "bob", PASSWORD, "10.0.0.9").status_code == 302
    client.logout()
    assert attempt(client, "guess19", "wrong", "10.0.0.9").status_code == 429  # the twentieth failure there
    assert attempt(client, "bob", PASSWORD, "10.0.0.9").status_code == 429
    assert attempt(client, "bob", PASSWORD, "10.0.0.10").status_code == 302


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_pairs_count(client, limited):
    get_user_model().objects.create_superuser("carol", password=PASSWORD)
    for _ in range(4):
        attempt(client, "carol", "wrong", "10.0.1.1")
    assert attempt(client, "carol", PASSWORD, "10.0.1.1").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "carol", "wrong", "10.0.1.1").status_code == 200
    assert attempt(client, "carol", PASSWORD, "10.0.1.1").status_code == 302
