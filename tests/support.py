"""Small helpers shared by tests."""

import socket
from contextlib import closing


def free_port():
    """A loopback port nothing listens on (the OS just handed it out and it was closed again)."""
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
