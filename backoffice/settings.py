"""Settings, all read from the environment (and `.env`) through django-environ.

`.env.example` lists every setting with a safe default.
"""

import os
import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from backoffice.iban import iban_problem
from backoffice.iban import normalised as normalised_iban

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# Variables already in the environment win over the file; an empty BACKOFFICE_ENV_FILE reads no file (tests).
ENV_FILE = os.environ.get("BACKOFFICE_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me" if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The partner sandbox emulates all four partner APIs inside this server: for demos and development only.
SANDBOX = env.bool("SANDBOX", default=False)
if SANDBOX and not DEBUG and not env.bool("SANDBOX_FORCE", default=False):
    raise ImproperlyConfigured("SANDBOX=true is refused with DEBUG=false; set SANDBOX_FORCE=true to insist.")
# The sandbox's control calls (ship now, set stock …) answer a logged-in superuser, or a caller sending this token
# in the X-Sandbox-Control-Token header (the tests and bench scripts make one per run); empty: superusers only.
SANDBOX_CONTROL_TOKEN = env.str("SANDBOX_CONTROL_TOKEN", default="")
# Where the built-in sandbox answers: `make run` sets it from HOST and PORT, so the partners' URLs follow the
# port it serves on. With SANDBOX on, a partner whose *_BASE_URL is unset is pointed at its emulation there.
SANDBOX_ORIGIN = env.str("SANDBOX_ORIGIN", default="http://127.0.0.1:8000").rstrip("/")


def sandbox_url(path):
    return f"{SANDBOX_ORIGIN}/sandbox/{path}" if SANDBOX else ""


INSTALLED_APPS = [
    "backoffice.apps.BackofficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_q",
    "axes",
    "backoffice",
    "suppliers",
    "orders",
    "shipping",
    # One app per partner, above the core apps (docs/architecture: a core app never imports one).
    "suppliers.innocigs",
    "shipping.innoship",
    "shipping.meineinkauf",
    "orders.zonos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language follows the browser's Accept-Language, or the switch in the admin's header (a cookie).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Logging in is limited per (user name, address) pair and per address (django-axes, backoffice/login_limit.py):
# a pair is locked out after AXES_FAILURE_LIMIT failures, an address after AXES_ADDRESS_FAILURE_LIMIT failures for
# any user names, each for AXES_COOLOFF_MINUTES. A user name alone is never locked, so nobody can lock out `admin`.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "backoffice.login_limit.PairThenAddressHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # the pair first: the handler reads this order
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy, its addresses (or networks): the client is then the right-most X-Forwarded-For address
# they appended. Empty: REMOTE_ADDR is the client (gunicorn served directly).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "backoffice.client_ip.client_ip"

ROOT_URLCONF = "backoffice.urls"
WSGI_APPLICATION = "backoffice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'backoffice.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the queue cluster write to the same file: wait for the lock instead of failing
    # with "database is locked", and take the write lock at BEGIN so no transaction has to upgrade it.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# django-q2: a task's timeout stays below its retry delay so a slow task is never run twice at once;
# attempts are finite, and missed schedule runs are not caught up in a burst.
Q_CLUSTER = {
    "name": "backoffice",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": env.int("Q_TIMEOUT", default=600),
    "retry": env.int("Q_RETRY", default=720),
    "max_attempts": 3,
    "catch_up": False,
    "save_limit": 1000,
    "ack_failures": True,
    "label": "Queue",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
if Q_CLUSTER["timeout"] >= Q_CLUSTER["retry"]:
    raise ImproperlyConfigured("Q_TIMEOUT must be smaller than Q_RETRY.")
# A job silent, or a submission claimed, for Q_TIMEOUT plus this margin (seconds) was left by a dead worker:
# the sweeps queue the job again and reconcile the claim.
Q_STALE_MARGIN = env.int("Q_STALE_MARGIN", default=300)
# A request a client gave up on may still reach the partner (a gateway or proxy may hold it): an unknown outcome
# is settled only once the partner's read timeout plus this margin (seconds) has passed since the call ended.
PARTNER_LATE_REQUEST_MARGIN = env.int("PARTNER_LATE_REQUEST_MARGIN", default=300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The default language, for browsers that ask for neither of LANGUAGES. The partners' own texts are never
# translated: they are shown as they came.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "admin:login"

# Production hardening; `manage.py check --deploy` passes with DEBUG=false and a real key.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "backoffice.redaction.RedactingFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"urllib3": {"level": "WARNING"}},
}

# Closed orders keep the customer's personal data this long; then purge_personal_data anonymises it.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=180)
# A shipped order whose parcels reported no problem for this many days counts as delivered (assumed): InnoCigs
# never reports a delivery, and an order that never closes is never purged.
DELIVERY_ASSUMED_DAYS = env.int("DELIVERY_ASSUMED_DAYS", default=14)

# Partners. Each has a base URL, credentials, and connect/read timeouts in seconds.
PARTNER_CONNECT_TIMEOUT = env.float("PARTNER_CONNECT_TIMEOUT", default=5.0)
PARTNER_READ_TIMEOUT = env.float("PARTNER_READ_TIMEOUT", default=30.0)
PARTNER_AUDIT_BODY_LIMIT = env.int("PARTNER_AUDIT_BODY_LIMIT", default=20_000)


def partner_timeouts(prefix):
    return (
        env.float(f"{prefix}_CONNECT_TIMEOUT", default=PARTNER_CONNECT_TIMEOUT),
        env.float(f"{prefix}_READ_TIMEOUT", default=PARTNER_READ_TIMEOUT),
    )


INNOCIGS_API = env("INNOCIGS_API", default="rest")
if INNOCIGS_API not in ("rest", "xml"):
    raise ImproperlyConfigured("INNOCIGS_API must be 'rest' or 'xml'.")
INNOCIGS_BASE_URL = env("INNOCIGS_BASE_URL", default="") or sandbox_url("innocigs")
INNOCIGS_CID = env("INNOCIGS_CID", default="")
INNOCIGS_PASSWORD = env("INNOCIGS_PASSWORD", default="")
INNOCIGS_TEST_MODE = env.bool("INNOCIGS_TEST_MODE", default=False)
INNOCIGS_TIMEOUT = partner_timeouts("INNOCIGS")
# Dropships per XML request (the REST API takes one per request), and days of tracking each sync reads.
INNOCIGS_DROPSHIP_BATCH = env.int("INNOCIGS_DROPSHIP_BATCH", default=25)
INNOCIGS_TRACKING_DAYS = env.int("INNOCIGS_TRACKING_DAYS", default=3)
# Open dropships older than the by-day window are asked for by order number until they are this old.
INNOCIGS_LATE_TRACKING_DAYS = env.int("INNOCIGS_LATE_TRACKING_DAYS", default=30)
INNOCIGS_UNCONFIRMED_DAYS = env.int("INNOCIGS_UNCONFIRMED_DAYS", default=3)
# The catalogue sync: when a sync with no recorded end counts as dead, what counts as low stock, and how many
# products an admin refresh handles at once before it goes to the queue as a job.
INNOCIGS_SYNC_STALE_MINUTES = env.int("INNOCIGS_SYNC_STALE_MINUTES", default=30)
INNOCIGS_LOW_STOCK = env.int("INNOCIGS_LOW_STOCK", default=5)
INNOCIGS_DIRECT_REFRESH_LIMIT = env.int("INNOCIGS_DIRECT_REFRESH_LIMIT", default=20)
# VAT included in InnoCigs' recommended retail prices, for the margin shown in the product list (percent).
SHOP_VAT_PERCENT = env.int("SHOP_VAT_PERCENT", default=19)
# How many products the sandbox's synthetic InnoCigs catalogue has.
SANDBOX_CATALOGUE_SIZE = env.int("SANDBOX_CATALOGUE_SIZE", default=300)
# The careless-partner mode: the sandbox's InnoCigs places a used order number again instead of refusing it
# (20011), so that exactly-once is proven without the partner's help (MeinEinkauf and Innoship always do).
SANDBOX_ACCEPT_REPEATS = env.bool("SANDBOX_ACCEPT_REPEATS", default=False)

INNOSHIP_BASE_URL = env("INNOSHIP_BASE_URL", default="") or sandbox_url("innoship")
INNOSHIP_API_KEY = env("INNOSHIP_API_KEY", default="")
INNOSHIP_LOCATION = env("INNOSHIP_LOCATION", default="")
INNOSHIP_SERVICE_ID = env.int("INNOSHIP_SERVICE_ID", default=1)
INNOSHIP_LOCKER_SERVICE_ID = env.int("INNOSHIP_LOCKER_SERVICE_ID", default=3)
INNOSHIP_PAYMENT = env("INNOSHIP_PAYMENT", default="sender")
if INNOSHIP_PAYMENT not in ("sender", "recipient"):
    raise ImproperlyConfigured("INNOSHIP_PAYMENT must be 'sender' or 'recipient'.")
INNOSHIP_LABEL_FORMAT = env("INNOSHIP_LABEL_FORMAT", default="A6")
if INNOSHIP_LABEL_FORMAT not in ("A4", "A6"):
    raise ImproperlyConfigured("INNOSHIP_LABEL_FORMAT must be 'A4' or 'A6'.")
INNOSHIP_DEFAULT_LINE_WEIGHT_GRAMS = env.int("INNOSHIP_DEFAULT_LINE_WEIGHT_GRAMS", default=500)
INNOSHIP_VALIDATE_FIRST = env.bool("INNOSHIP_VALIDATE_FIRST", default=False)
INNOSHIP_TIME_ZONE = env("INNOSHIP_TIME_ZONE", default="Europe/Bucharest")
INNOSHIP_TIMEOUT = partner_timeouts("INNOSHIP")
# Where Innoship pays cash on delivery out (Extra.Bank, BankIBAN, BankAccountHolder). All empty: the account
# registered in the Innoship portal. A wrong IBAN stops start-up, naming the setting (never the IBAN).
INNOSHIP_BANK_NAME = env("INNOSHIP_BANK_NAME", default="")
INNOSHIP_BANK_IBAN = normalised_iban(env("INNOSHIP_BANK_IBAN", default=""))
INNOSHIP_BANK_ACCOUNT_HOLDER = env("INNOSHIP_BANK_ACCOUNT_HOLDER", default="")
if INNOSHIP_BANK_IBAN and (_iban_problem := iban_problem(INNOSHIP_BANK_IBAN)):
    raise ImproperlyConfigured(f"INNOSHIP_BANK_IBAN is wrong: {_iban_problem}.")
_bank = (INNOSHIP_BANK_NAME, INNOSHIP_BANK_IBAN, INNOSHIP_BANK_ACCOUNT_HOLDER)
if any(_bank) and not all(_bank):  # half an account would send cash on delivery to Innoship's guess
    raise ImproperlyConfigured("Set all of INNOSHIP_BANK_NAME, INNOSHIP_BANK_IBAN and INNOSHIP_BANK_ACCOUNT_HOLDER, "
                               "or none (then Innoship pays out to the account registered in its portal).")
if len(INNOSHIP_BANK_NAME) > 50:  # the doc's Extra table: Bank string[50]
    raise ImproperlyConfigured("INNOSHIP_BANK_NAME may have at most 50 characters (Innoship's limit).")
# An order heavier than this goes as several parcels, each of this size (length x width x height in cm; the
# doc's Parcel object requires a Size for each).
INNOSHIP_MAX_PARCEL_KG = env.float("INNOSHIP_MAX_PARCEL_KG", default=31.5)
if INNOSHIP_MAX_PARCEL_KG <= 0:
    raise ImproperlyConfigured("INNOSHIP_MAX_PARCEL_KG must be more than 0.")
INNOSHIP_PARCEL_SIZE_CM = env("INNOSHIP_PARCEL_SIZE_CM", default="40x30x20")
if not re.fullmatch(r"[1-9][0-9]{0,2}x[1-9][0-9]{0,2}x[1-9][0-9]{0,2}", INNOSHIP_PARCEL_SIZE_CM):
    raise ImproperlyConfigured("INNOSHIP_PARCEL_SIZE_CM must be length x width x height in cm, e.g. 40x30x20.")

MEINEINKAUF_BASE_URL = env("MEINEINKAUF_BASE_URL", default="") or sandbox_url("meineinkauf/v1")
MEINEINKAUF_API_KEY = env("MEINEINKAUF_API_KEY", default="")
MEINEINKAUF_TIMEOUT = partner_timeouts("MEINEINKAUF")
# MeinEinkauf's hub in Germany: a Swiss order's InnoCigs dropship goes there (country DE), not to the customer.
# Empty: Swiss orders are held back locally, naming the setting to fill in.
MEINEINKAUF_HUB_COMPANY = env("MEINEINKAUF_HUB_COMPANY", default="")
MEINEINKAUF_HUB_STREET = env("MEINEINKAUF_HUB_STREET", default="")
MEINEINKAUF_HUB_POSTCODE = env("MEINEINKAUF_HUB_POSTCODE", default="")
MEINEINKAUF_HUB_CITY = env("MEINEINKAUF_HUB_CITY", default="")
# The shop's payment details MeinEinkauf prints on an invoice order's QR-bill (doc: InvoiceInformationRequest,
# qrrInformation and its creditor). Empty: invoice orders are held back locally, naming the setting.
MEINEINKAUF_INVOICE_QR_IBAN = env("MEINEINKAUF_INVOICE_QR_IBAN", default="")
MEINEINKAUF_INVOICE_CREDITOR_NAME = env("MEINEINKAUF_INVOICE_CREDITOR_NAME", default="")
MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE1 = env("MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE1", default="")
MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE2 = env("MEINEINKAUF_INVOICE_CREDITOR_ADDRESS_LINE2", default="")
MEINEINKAUF_INVOICE_CREDITOR_COUNTRY = env("MEINEINKAUF_INVOICE_CREDITOR_COUNTRY", default="")
# Days from the invoice date (the order date) to its dueDate; additionalInvoiceText is optional.
MEINEINKAUF_INVOICE_DUE_DAYS = env.int("MEINEINKAUF_INVOICE_DUE_DAYS", default=30)
MEINEINKAUF_INVOICE_ADDITIONAL_TEXT = env("MEINEINKAUF_INVOICE_ADDITIONAL_TEXT", default="")

ZONOS_BASE_URL = env("ZONOS_BASE_URL", default="") or sandbox_url("zonos")
ZONOS_STORE_ID = env("ZONOS_STORE_ID", default="")
ZONOS_SECRET = env("ZONOS_SECRET", default="")
ZONOS_TIMEOUT = partner_timeouts("ZONOS")
# A Zonos order becomes shop order <prefix><Zonos order id> (e.g. Z999-99991): importing it again finds it.
ZONOS_ORDER_PREFIX = env("ZONOS_ORDER_PREFIX", default="Z")
ZONOS_CURRENCY = env("ZONOS_CURRENCY", default="EUR")
ZONOS_RECONCILE_DAYS = env.int("ZONOS_RECONCILE_DAYS", default=30)

# The shop as sender of every parcel.
SHOP_SENDER = {
    "company": env("SHOP_SENDER_COMPANY", default=""),
    "first_name": env("SHOP_SENDER_FIRST_NAME", default=""),
    "last_name": env("SHOP_SENDER_LAST_NAME", default=""),
    "street": env("SHOP_SENDER_STREET", default=""),
    "postcode": env("SHOP_SENDER_POSTCODE", default=""),
    "city": env("SHOP_SENDER_CITY", default=""),
    "country": env("SHOP_SENDER_COUNTRY", default="DE"),
    "email": env("SHOP_SENDER_EMAIL", default=""),
    "phone": env("SHOP_SENDER_PHONE", default=""),
}
