"""Removes credentials from anything that is logged or stored."""

import base64
import html
import json
import logging
import re
import threading
from functools import lru_cache
from urllib.parse import quote, quote_plus

from lxml import etree

MASK = "***"
_SECRET_PARAM = re.compile(
    r"(?i)\b(auth|cid|password|passwd|secret|api[_-]?key|apikey|token|key)=([^&\s\"'<]+)"
)
# JSON bodies carry secrets as "secret": "…" (Zonos) or "password": "…"; the value may hold escaped quotes.
_SECRET_JSON = re.compile(r'(?i)("(?:secret|password|auth|api_?key|apikey|token)"\s*:\s*)"(?:[^"\\]|\\.)*"')
# Shorter values are not registered: masking every "ab" would make the audit unreadable.
_MIN_LENGTH = 3
# What requests leaves as it is in a URL it is given (requests.utils.requote_uri).
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
_BASE64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_")
_TO_URLSAFE = str.maketrans("+/", "-_")
_RUN_END = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")
_known = frozenset()
_lock = threading.Lock()


def _xml_forms(value):
    """The value as lxml writes it in element text and in an attribute, as UTF-8 text and as ASCII (`&#228;`)."""
    try:
        element = etree.Element("a", b=value)
        element.text = value
    except ValueError:  # characters XML cannot hold: lxml writes no such document
        return set()
    forms = set()
    for encoding in ("unicode", "us-ascii"):
        written = etree.tostring(element, encoding=encoding)
        written = written if isinstance(written, str) else written.decode("ascii")
        forms.update(written[len('<a b="') : -len("</a>")].split('">', 1))
    return forms


def _forms(value):
    """Every way the value is written in what we send and receive: as is, JSON-, URL- and XML-escaped."""
    return {
        value,
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        quote(value, safe=""),
        quote(value),
        quote(value, safe=_URL_SAFE),
        quote_plus(value),  # form bodies and query strings, as requests and urlencode write them
        html.escape(value),
        *_xml_forms(value),
    }


def _base64_cores(value):
    """The base64 characters that carry nothing but the value's bits, at each of the three alignments it can
    have inside a longer encoded text (`user:secret` in a Basic auth header), in both base64 alphabets."""
    cores = set()
    for codec in ("utf-8", "latin-1"):  # requests encodes Basic auth credentials as Latin-1
        try:
            raw = value.encode(codec)
        except UnicodeEncodeError:
            continue
        for shift in range(3):
            encoded = base64.b64encode(bytes(shift) + raw).decode("ascii")
            core = encoded[-(-8 * shift // 6) : 8 * (shift + len(raw)) // 6]
            cores.update((core, core.translate(_TO_URLSAFE)))
    return cores


@lru_cache(maxsize=64)
def _redactor(values):
    """The forms to replace (longest first, so a longer one is not cut by a shorter) and the base64 cores."""
    forms = set().union(*(_forms(value) for value in values))
    cores = set().union(*(_base64_cores(value) for value in values if len(value) >= _MIN_LENGTH))
    return sorted(forms, key=len, reverse=True), tuple(cores)


def register_secret(*values):
    """Remember credential values so every later redaction removes them, wherever they appear."""
    global _known
    with _lock:
        _known = _known | {str(v) for v in values if v and len(str(v)) >= _MIN_LENGTH}
        _redactor(_known)  # encodes them now, not on the next exchange


def _mask_base64(text, cores):
    """Masks each whole base64 run that holds a core: the run is the encoding of something containing a secret."""
    found = [core for core in cores if core in text]
    if not found:
        return text
    spans = []
    for match in re.finditer("|".join(map(re.escape, found)), text):
        start, end = match.span()
        if spans and start < spans[-1][1]:
            continue
        while start and text[start - 1] in _BASE64_CHARS:
            start -= 1
        spans.append((start, _RUN_END.match(text, end).end()))
    pieces, kept = [], 0
    for start, end in spans:
        pieces += [text[kept:start], MASK]
        kept = end
    return "".join([*pieces, text[kept:]])


def redact(text, secrets=()):
    if not text:
        return text
    text = str(text)
    given = {str(s) for s in secrets if s}
    forms, cores = _redactor((_known | given) if given - _known else _known)  # usually cached at registration
    text = _mask_base64(text, cores)
    for form in forms:
        text = text.replace(form, MASK)
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
