"""A fault-injecting HTTP proxy on loopback, put between the back-office and the partner sandbox.

Each connection is handled by the current fault:
- pass: forward the request and relay the reply;
- latency: forward, then hold the reply back for `delay` seconds (beyond the client's read timeout);
- hold_request: hold the request `delay` seconds before forwarding it (a gateway that delivers it after the
  client gave up), then relay the reply to whoever still listens;
- reset_before: reset the connection as the request arrives, without reading it (nothing reaches the
  partner, and the client cannot tell whether it did);
- reset_after: forward the request (the partner processes it) and reset instead of replying;
- cut_reply: forward and relay only the first half of the reply, then close;
- status: answer `status` itself (500, 502, 503 …, optionally with Retry-After), forwarding nothing; with
  `forward=True` forward first and answer `status` instead of the reply (a gateway that gave up after the
  partner acted);
- html: answer 200 with an HTML page instead of JSON or XML, forwarding nothing;
- empty: answer 200 with an empty body, forwarding nothing.
`forwarded` counts the requests that reached the partner.
"""

import select
import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass


@dataclass
class Fault:
    kind: str = "pass"
    delay: float = 0.0
    status: int = 503
    retry_after: str | None = None
    forward: bool = False
    times: int | None = None  # how many connections get this fault before it passes again (None: all)
    skip: int = 0  # how many connections pass before the fault hits (the n-th request only: skip=n-1, times=1)


def _read_request(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return _with_connection_close(head) + b"\r\n\r\n" + body


def _with_connection_close(head):
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"])


def _reset(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _canned(status, body=b"", content_type="text/plain", retry_after=None):
    reasons = {200: "OK", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
               504: "Gateway Timeout"}
    headers = [f"HTTP/1.1 {status} {reasons.get(status, 'Error')}", f"Content-Type: {content_type}",
               f"Content-Length: {len(body)}", "Connection: close"]
    if retry_after is not None:
        headers.append(f"Retry-After: {retry_after}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


class FaultProxy:
    def __init__(self, upstream_host, upstream_port):
        self.upstream = (upstream_host, upstream_port)
        self.fault = Fault()
        self.forwarded = 0
        self.in_flight = 0  # connections being handled, e.g. a request held back that has yet to arrive
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def set(self, kind="pass", **options):
        with self._lock:
            self.fault = Fault(kind, **options)

    def _current(self):
        with self._lock:
            fault = self.fault
            if fault.skip > 0:
                fault.skip -= 1
                return Fault()
            if fault.times is not None:
                fault.times -= 1
                if fault.times < 0:
                    self.fault = fault = Fault()
            return fault

    def _forward(self, request):
        with socket.create_connection(self.upstream, timeout=30) as upstream:
            upstream.sendall(request)
            with self._lock:
                self.forwarded += 1
            reply = b""
            while chunk := upstream.recv(65536):
                reply += chunk
        return reply

    def _handle(self, client):
        with self._lock:
            self.in_flight += 1
        try:
            self._handle_one(client)
        finally:
            with self._lock:
                self.in_flight -= 1

    def wait_until_idle(self, deadline=60):
        """Polls until no connection is being handled: every held request has reached the partner."""
        end = time.monotonic() + deadline
        while self.in_flight:
            if time.monotonic() > end:
                raise TimeoutError("the proxy still holds a request")
            time.sleep(0.05)

    def _handle_one(self, client):
        fault = self._current()
        if fault.kind == "reset_before":
            # Waiting for the first bytes makes the fault the same every time: the client has sent its request.
            select.select([client], [], [], 2.0)
            _reset(client)
            return
        request = _read_request(client)
        if fault.kind == "hold_request":
            time.sleep(fault.delay)
        if fault.kind == "status":
            if fault.forward:
                self._forward(request)
            client.sendall(_canned(fault.status, b"upstream trouble", retry_after=fault.retry_after))
        elif fault.kind == "html":
            client.sendall(_canned(200, b"<html><body><h1>Wartungsarbeiten</h1></body></html>", "text/html"))
        elif fault.kind == "empty":
            client.sendall(_canned(200))
        else:
            # The connection closes after this one exchange: the client must not keep it for its next request.
            head, _, body = self._forward(request).partition(b"\r\n\r\n")
            reply = _with_connection_close(head) + b"\r\n\r\n" + body
            if fault.kind == "reset_after":
                _reset(client)
                return
            if fault.kind == "latency":
                time.sleep(fault.delay)
            if fault.kind == "cut_reply":
                reply = _with_connection_close(head) + b"\r\n\r\n" + body[: max(len(body) // 2, 1)]
            try:
                client.sendall(reply)
            except OSError:
                return
        client.close()
