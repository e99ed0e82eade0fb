"""The address a request came from, for the login limit (django-axes' AXES_CLIENT_IP_CALLABLE).

Served directly, it is REMOTE_ADDR. Behind a reverse proxy, REMOTE_ADDR is the proxy, shared by everyone, so
the client is in X-Forwarded-For: each proxy appends the address it received the request from. Only what the
proxies in TRUSTED_PROXIES appended is believed: the right-most address that is not one of them. Whatever a
client wrote into the header itself sits further left and is never used, so nobody escapes the per-address
limit, or locks out someone else's address, by sending a made-up header.
"""

from functools import lru_cache
from ipaddress import ip_address, ip_network

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache
def _networks(entries):
    try:
        return tuple(ip_network(entry, strict=False) for entry in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc


def _trusted(address, networks):
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if _trusted(hop, networks):
            continue
        try:
            return str(ip_address(hop))
        except ValueError:
            return remote  # a proxy appended something that is no address: it is the only one to go by
    return remote
