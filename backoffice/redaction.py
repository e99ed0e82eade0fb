"""Removes credentials from anything that is logged or stored."""

import logging
import re
import threading

MASK = "***"
_SECRET_PARAM = re.compile(
    r"(?i)\b(auth|cid|password|passwd|secret|api[_-]?key|apikey|token|key)=([^&\s\"'<]+)"
)
# JSON bodies carry secrets as "secret": "…" (Zonos) or "password": "…".
_SECRET_JSON = re.compile(r'(?i)("(?:secret|password|auth|api_?key|apikey|token)"\s*:\s*)"[^"]*"')
_known = set()
_lock = threading.Lock()


def register_secret(*values):
    """Remember credential values so every later redaction removes them, wherever they appear."""
    with _lock:
        _known.update(v for v in values if v and len(str(v)) >= 3)


def redact(text, secrets=()):
    if not text:
        return text
    text = str(text)
    for value in sorted({*_known, *(s for s in secrets if s)}, key=len, reverse=True):
        text = text.replace(str(value), MASK)
    text = _SECRET_JSON.sub(lambda m: f'{m.group(1)}"{MASK}"', text)
    return _SECRET_PARAM.sub(lambda m: f"{m.group(1)}={MASK}", text)


class RedactingFilter(logging.Filter):
    """Logging filter: redacts the rendered message of every record that passes through a handler."""

    def filter(self, record):
        rendered = record.getMessage()
        cleaned = redact(rendered)
        if cleaned != rendered:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
