"""Test settings: the real settings, with the sandbox mounted so tests can reach it over HTTP.

A developer's `.env` is not read, so it cannot change what the tests see; the environment still can
(`.ci/run` sets DATABASE_URL and REDIS_URL for the PostgreSQL + Redis run).
"""

import os
import secrets

os.environ["BACKOFFICE_ENV_FILE"] = ""
os.environ["SANDBOX"] = "true"
os.environ["SANDBOX_FORCE"] = "true"
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# In memory unless told otherwise, so `makemigrations --check` and the suite need no var/ directory.
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from backoffice.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
SECURE_SSL_REDIRECT = False  # the live test server speaks plain HTTP
SANDBOX_CONTROL_TOKEN = secrets.token_urlsafe(32)  # the sandbox's control calls need it; new every run
AXES_ENABLED = False  # tests log in with the test client; the login limit has its own tests
WHITENOISE_AUTOREFRESH = True  # whitenoise looks files up per request instead of scanning STATIC_ROOT per client
# MeinEinkauf's hub, where a Swiss order's InnoCigs leg goes (tests that need it unset override these).
MEINEINKAUF_HUB_COMPANY = "MeinEinkauf Hub Test"
MEINEINKAUF_HUB_STREET = "Hafenstrasse 12"
MEINEINKAUF_HUB_POSTCODE = "78224"
MEINEINKAUF_HUB_CITY = "Singen"
# The shop's payment details for MeinEinkauf invoice orders (tests that need them unset override these).
MEINEINKAUF_INVOICE_QR_IBAN = "CH4431999123000889012"
MEINEINKAUF_INVOICE_CREDITOR_NAME = "Testshop GmbH"
MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE1 = "Musterstrasse 1a"
MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE2 = "12345 Musterstadt"
MEINEINKAUF_INVOICE_CREDITOR_COUNTRY = "DE"
MEINEINKAUF_INVOICE_DUE_DAYS = 30
MEINEINKAUF_INVOICE_ADDITIONAL_TEXT = ""

# The payout account for Innoship's cash on delivery (tests of the portal default override these).
INNOSHIP_BANK_NAME = "Test Bank"
INNOSHIP_BANK_IBAN = "DE89370400440532013000"
INNOSHIP_BANK_ACCOUNT_HOLDER = "Test Shop GmbH"

# Under pytest-xdist every worker has its own queue list and cache keys in REDIS_URL's database, so one worker's
# tests never take another's queued tasks nor read its cached values (each worker has its own test database).
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER:
    Q_CLUSTER = {**Q_CLUSTER, "name": f"backoffice-{_XDIST_WORKER}"}  # noqa: F405
    CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": _XDIST_WORKER}}  # noqa: F405
