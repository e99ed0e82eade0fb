"""The sync benchmark's feeds (bench/sync_bench.py): the sandbox's generator in the documented shapes, served by a
small HTTP server on loopback."""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


def payloads(size, api):
    """{(kind, revision): bytes}: stock at ticks 0 and 1, the catalogue at revisions 0 and 1 (5% changed)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    django.setup()
    from suppliers.innocigs.sandbox import items as sandbox
    from suppliers.innocigs.sandbox.api import render

    def encode(content):
        if api == "rest":
            return json.dumps(content, ensure_ascii=False).encode()
        return render("xml", content).content

    return {
        ("stock", 0): encode(sandbox.stock_reply(size, 0, api)),
        ("stock", 1): encode(sandbox.stock_reply(size, 1, api)),
        ("products", 0): encode(sandbox.products_reply(size, api, extended=False, revision=0)),
        ("products", 1): encode(sandbox.products_reply(size, api, extended=False, revision=1)),
    }


class Feeds:
    """What the server answers right now: the parent switches revisions between runs."""

    current = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json" if body[:1] == b"{" else "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        command = self.path.split("/restapi/", 1)[-1]
        self._send(Feeds.current["stock" if command.startswith("quantity") else "products"])

    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self._send(Feeds.current["stock" if form["command"][0].startswith("quantity") else "products"])


def serve():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
