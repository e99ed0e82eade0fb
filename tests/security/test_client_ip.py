"""The address the login limit counts: REMOTE_ADDR, or behind trusted proxies what they appended."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from backoffice.client_ip import client_ip


def address(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/admin/login/", **headers))


def test_served_directly_the_header_is_never_believed(settings):
    settings.TRUSTED_PROXIES = []
    assert address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


def test_behind_a_proxy_the_client_is_what_the_proxy_appended(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert address("127.0.0.1", "203.0.113.7") == "203.0.113.7"
    # a client's own header is kept by the proxy, which appends the real address: the made-up part is ignored
    assert address("127.0.0.1", "10.9.9.9, 203.0.113.7") == "203.0.113.7"


def test_a_chain_of_trusted_proxies_and_networks_is_walked_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    assert address("127.0.0.1", "1.2.3.4, 203.0.113.7, 10.1.2.3") == "203.0.113.7"
    assert address("127.0.0.1", "2001:db8::1, 10.1.2.3") == "2001:db8::1"


def test_a_request_not_from_a_trusted_proxy_is_its_own_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert address("198.51.100.7", "203.0.113.7") == "198.51.100.7"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "127.0.0.1"])
def test_without_a_usable_client_address_the_proxy_is_counted(settings, forwarded):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert address("127.0.0.1", forwarded) == "127.0.0.1"


def test_a_wrong_proxy_setting_is_a_configuration_error(settings):
    settings.TRUSTED_PROXIES = ["not-a-network"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        address("127.0.0.1", "203.0.113.7")
