"""Fixtures the reliability tests borrow from the partner tests."""

from tests.shipping.innoship.conftest import innoship  # noqa: F401 - the Innoship sandbox, configured
