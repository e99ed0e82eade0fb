"""The HTTP base every partner client sends through.

It owns what must never differ between partners: one session per partner, connect and read timeouts on
every request, retries for GET only (capped, jittered, honouring Retry-After), a User-Agent, credential
redaction, and an audit row for every exchange.
"""

import contextvars
import json as jsonlib
import logging
import math
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import requests
from django.utils.translation import gettext_noop as N_
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from backoffice.backoff import jittered_backoff
from backoffice.errors import PartnerOutcomeUnknown, PartnerUnavailable
from backoffice.redaction import redact, register_secret
from backoffice.transactions import require_no_transaction

log = logging.getLogger("backoffice.partners")

USER_AGENT = "dropship-backoffice/0.1 (+partner integration; python-requests)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
IDEMPOTENT = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class PartnerConfig:
    partner: str
    base_url: str
    timeout: tuple[float, float]
    secrets: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self):
        register_secret(*self.secrets)

    @property
    def configured(self):
        return bool(self.base_url)


class TimeoutSession(requests.Session):
    """A session that refuses to send anything without explicit connect and read timeouts."""

    def __init__(self):
        super().__init__()
        self._environment = {}

    def request(self, method, url, *args, **kwargs):
        timeout = kwargs.get("timeout")
        if not (isinstance(timeout, tuple) and len(timeout) == 2 and all(timeout)):
            raise ValueError("Partner requests need a (connect, read) timeout.")
        return super().request(method, url, *args, **kwargs)

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        """The environment's proxies and CA bundle, read once per scheme and host: requests reads them on every
        request, walking all of os.environ twice (about 3 % of a REST bulk submit's time)."""
        where = urlsplit(url)[:2]
        if where not in self._environment:
            self._environment[where] = super().merge_environment_settings(url, {}, None, None, None)
        settings = dict(self._environment[where])
        if proxies:
            settings["proxies"] = {**settings["proxies"], **proxies}
        if stream is not None:
            settings["stream"] = stream
        if verify is not None and verify is not True:  # requests lets the environment's bundle replace True
            settings["verify"] = verify
        if cert is not None:
            settings["cert"] = cert
        return settings


_local = threading.local()
# Called before each request leaves, with the partner's config; one that raises stops the request unsent.
_before_each_request = contextvars.ContextVar("partner_before_each_request", default=())


@contextmanager
def before_each_request(callback):
    """Runs `callback(config)` before every partner request made inside the block (e.g. to renew a claim's
    lease, and to stop when the claim was lost)."""
    token = _before_each_request.set((*_before_each_request.get(), callback))
    try:
        yield
    finally:
        _before_each_request.reset(token)


def session_for(partner):
    """One session per partner (and per thread: requests sessions are not thread-safe)."""
    sessions = _local.__dict__.setdefault("sessions", {})
    if partner not in sessions:
        session = TimeoutSession()
        session.headers["User-Agent"] = USER_AGENT
        sessions[partner] = session
    return sessions[partner]


# Failures that happen before a byte leaves: a bad base URL (no use trying again), or a TLS handshake
# that did not complete.
_BAD_URL = (
    requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema, requests.exceptions.InvalidURL,
    requests.exceptions.InvalidHeader,
)
_UNSENDABLE = (*_BAD_URL, requests.exceptions.SSLError)


def close_sessions():
    """Closes this thread's partner sessions and their kept-alive connections (tests, worker shutdown)."""
    for session in _local.__dict__.pop("sessions", {}).values():
        session.close()


def _never_sent(exc):
    """True when the connection could not even be opened, so the partner cannot have seen the request."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, *_UNSENDABLE)):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, NewConnectionError | ConnectTimeoutError)


def retry_after_seconds(response, cap):
    """The partner's Retry-After in seconds, within [0, cap]; None when absent or not a number."""
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return min(max(seconds, 0.0), cap) if math.isfinite(seconds) else None


class PartnerHTTP:
    """Sends one partner's requests. Clients build requests and parse replies; this sends and audits."""

    max_attempts = 3
    backoff_base = 0.5
    backoff_cap = 8.0
    retry_after_cap = 30.0

    def __init__(self, config: PartnerConfig):
        self.config = config
        self.session = session_for(config.partner)

    def url(self, path):
        return f"{self.config.base_url.rstrip('/')}/{path.lstrip('/')}"

    def send(self, method, path, *, operation, params=None, data=None, json=None, headers=None, auth=None,
             related=None, stream=False, read_only=False):
        """Sends one request. `read_only=True` marks a POST that only reads (InnoCigs' XML API reads by
        POST so credentials stay out of URLs); such a POST is retried like a GET."""
        method = method.upper()
        url = self.url(path)
        idempotent = method in IDEMPOTENT or read_only
        if not idempotent:
            require_no_transaction(f"{_label(self.config.partner)} {operation}")
        body = _describe_body(data, json)
        for attempt in range(1, self.max_attempts + 1):
            for callback in _before_each_request.get():
                callback(self.config)
            started = time.monotonic()
            last = attempt == self.max_attempts or not idempotent
            try:
                response = self.session.request(
                    method, url, params=params, data=data, json=json, headers=headers, auth=auth,
                    timeout=self.config.timeout, stream=stream,
                )
            except requests.RequestException as exc:
                reason = _explain(exc, self.config.timeout)
                self._audit(operation, method, url, params, body, started, error=reason, related=related)
                if not last and not isinstance(exc, _BAD_URL):
                    self._sleep(attempt, None)
                    continue
                if idempotent or _never_sent(exc):
                    raise PartnerUnavailable(reason, partner=self.config.partner, code="network") from None
                raise PartnerOutcomeUnknown(
                    f"{reason} The request may have reached {_label(self.config.partner)}; its outcome is unknown.",
                    partner=self.config.partner, code="no_reply",
                ) from None
            self._audit(operation, method, url, params, body, started, response=response, related=related)
            if idempotent and not last and response.status_code in RETRY_STATUSES:
                wait = retry_after_seconds(response, self.retry_after_cap)
                response.close()
                self._sleep(attempt, wait)
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _sleep(self, attempt, retry_after):
        if retry_after is None:
            retry_after = jittered_backoff(attempt - 1, base=self.backoff_base, cap=self.backoff_cap)
        time.sleep(retry_after)

    def _audit(self, operation, method, url, params, body, started, *, response=None, error="", related=None):
        from backoffice.audit import record_exchange

        full_url = f"{url}?{urlencode(params, doseq=True)}" if params else url
        duration_ms = int((time.monotonic() - started) * 1000)
        status = response.status_code if response is not None else None
        reply = "" if response is None else _reply_text(response)
        log.log(
            logging.DEBUG if response is not None and response.status_code < 400 else logging.WARNING,
            "%s %s %s -> %s in %d ms", self.config.partner, method, redact(full_url, self.config.secrets),
            status or error, duration_ms,
        )
        record_exchange(
            partner=self.config.partner, operation=operation, method=method, url=full_url, status=status,
            duration_ms=duration_ms, request_body=body, response_body=reply, error=error, related=related,
            secrets=self.config.secrets,
        )


def _reply_text(response):
    """The reply as text for the audit; a streamed or binary reply (a PDF label) is described, not kept."""
    if not response._content_consumed:  # noqa: SLF001 - requests exposes no public flag
        return "[streamed]"
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    textual = not kind or kind.startswith("text/") or any(word in kind for word in ("json", "xml", "form"))
    if response.content and not textual:
        return f"[{kind} reply, {len(response.content)} bytes]"
    return response.text


def _label(partner):
    from backoffice.partners import PARTNERS  # partners builds on this module, so it is imported late

    return PARTNERS.get(partner, partner)


def _describe_body(data, json):
    if json is not None:
        return jsonlib.dumps(json, ensure_ascii=False, default=str)
    if isinstance(data, dict):
        return urlencode(data)
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data or ""


def _explain(exc, timeout):
    """What went wrong with the connection, in English as it is stored (said in the reader's language where it
    is shown: backoffice.stored_texts)."""
    connect, read = timeout
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return N_("No connection within %(seconds)s s.") % {"seconds": f"{connect:g}"}
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return N_("No reply within %(seconds)s s.") % {"seconds": f"{read:g}"}
    if isinstance(exc, requests.exceptions.SSLError):
        return N_("The secure (TLS) connection could not be established.")
    if isinstance(exc, _BAD_URL):
        return N_("The partner's base URL is not a valid http(s) URL; check its *_BASE_URL setting.")
    if isinstance(exc, requests.exceptions.ConnectionError) and _never_sent(exc):
        return N_("The connection was refused or the host could not be reached.")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        return N_("The reply was cut off before it was complete.")
    return N_("The connection broke before a reply arrived.")
