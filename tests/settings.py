"""Test settings: the real settings, with the sandbox mounted so tests can reach it over HTTP."""

import os

os.environ["SANDBOX"] = "true"
os.environ["SANDBOX_FORCE"] = "true"
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from backoffice.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
SECURE_SSL_REDIRECT = False  # the live test server speaks plain HTTP
AXES_ENABLED = False  # tests log in with the test client; the login limit has its own tests
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise expects it to exist
