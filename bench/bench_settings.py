"""Production-like settings for the page benchmarks, plus a header telling how many SQL queries a page ran."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SANDBOX", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from backoffice.settings import *  # noqa: E402, F403

MIDDLEWARE = ["querycount.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
SESSION_COOKIE_SECURE = False  # the bench speaks plain HTTP on loopback
CSRF_COOKIE_SECURE = False
