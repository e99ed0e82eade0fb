"""Who acted, in words."""

import pytest

from backoffice.actors import actor_words


@pytest.mark.parametrize("actor, words", [
    ("user:anna", "anna"),
    ("schedule:check_partners", "the schedule “Check partner connections”"),
    ("schedule:gone", "the schedule “gone”"),
    ("command:sync_returns", "the command “manage.py sync_returns”"),
    ("test", "test"),
    ("", "unknown"),
])
def test_actor_words(actor, words):
    assert actor_words(actor) == words
