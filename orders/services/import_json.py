"""Reading a JSON import file in two streaming passes (ijson), neither of which holds the file.

The first pass reads the file as a whole, as `json.loads` read it before: JSON syntax, nothing after the one
value, no key twice in one object, no NaN or Infinity, nesting no deeper than MAX_DEPTH, and the shape (an
object whose only key is "orders", a non-empty list); it counts the orders. A broken file is named by its line
and column. The second pass gives the orders one at a time, each as soon as its closing brace is read. Numbers
are read as written: a fraction or an exponent as a Decimal (12.50 stays Decimal('12.50')), a whole number as
an int, never through a float.

ijson's C backend (yajl) reads most files; a file it would get wrong goes to ijson's pure-Python backend,
which reads it as `json.loads` does (see `_FAST_CANNOT`).
"""

import codecs
import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

import ijson
from django.utils.translation import gettext

CHUNK = 1 << 16
BOM = codecs.BOM_UTF8
# An order file nests four levels (the file, "orders", an order, its lines or an address); json.loads stopped at
# about a thousand (a RecursionError), the import's checks walk what it read.
MAX_DEPTH = 100
FAST, EXACT = "yajl2_c", "python"
# What the C backend gets wrong: an escaped lone surrogate ("\ud800", which it reads as "?", and "\udc00", on which
# it crashes; a pair, e.g. "\ud83d\ude00", it reads right) and an integer of more digits than Python converts (it
# fails with a SystemError). A file with either goes to the Python backend, as does one where a match is only
# seemingly one (a pair cut by a chunk, an escaped backslash before "ud8…", a long run of digits in a string).
# The digits' lookbehind starts a match only where a run starts: without it, each digit of a long run would
# begin a match of its own (0.35 s a chunk of 4,000-digit strings, against 2 ms).
_FAST_CANNOT = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
                          rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]"
                          rb"|(?<![0-9])[0-9]{4301}")
_OVERLAP = 4300  # the bytes of one chunk searched again with the next, so that a match cut in two is found
_DELIMITERS = frozenset(b' \t\r\n,:[]{}"')
_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes inside a character: a column counts characters
_PARSER_ERRORS = (ijson.JSONError, ValueError)  # ValueError: the Python backend's errors in a string


@cache
def _backend(name):
    try:
        return ijson.get_backend(name)
    except ImportError:  # no C backend on this machine: the Python one reads every file as json.loads does
        return ijson.get_backend(EXACT)


def shape_errors(*, is_object, keys, orders_is_list, count) -> list[str]:
    """What is wrong with the shape of an import (an object with the one key "orders", a non-empty list)."""
    if not is_object or "orders" not in keys:
        return [gettext('the import must be an object with an "orders" list: {"orders": [...]}')]
    unknown = [str(key) for key in keys if key != "orders"]
    if unknown:
        return [gettext("unknown top-level field: %(fields)s") % {"fields": ", ".join(unknown)}]
    if not orders_is_list:
        return [gettext('"orders" must be a list of orders')]
    if not count:
        return [gettext("the import holds no orders")]
    return []


@dataclass
class JsonCheck:
    """What the first pass found: the file's errors (none, or the one that stops the import), the orders counted,
    and the backend that reads the file."""

    errors: list[str]
    count: int = 0
    backend: str = FAST


def check_json(open_binary: Callable) -> JsonCheck:
    """The first pass. `open_binary()` gives a new binary file at each call (a broken file is read again, to name
    the line and column of what breaks it)."""
    backend = _backend(FAST).backend_name
    try:
        return _check_file(open_binary, backend)
    except _UseExact:
        return _check_file(open_binary, EXACT)


def json_orders(open_binary: Callable, backend: str = FAST) -> Iterator[object]:
    """The second pass: each order of the file's "orders" list, as soon as it is read."""
    orders = ijson.sendable_list()
    parser = _backend(backend).items_coro(orders, "orders.item", use_float=False)
    try:
        for chunk in _chunks(open_binary):
            parser.send(chunk)
            yield from orders
            del orders[:]
        parser.close()
        yield from orders
    finally:
        _close_quietly(parser)


class _UseExact(Exception):
    """The file holds what the C backend gets wrong."""


class _Refused(Exception):
    """Valid JSON the import does not take (a key twice, nested too deep)."""


@dataclass
class _Shape:
    """The events of a file, checked as they come; what the file's shape is."""

    top: str = ""  # the event that begins the file's value, "start_map" for an object
    keys: list = field(default_factory=list)  # the top-level keys
    orders: str = ""  # the event that begins the value of "orders"
    count: int = 0
    stack: list = field(default_factory=list)  # per open container: the keys of an object, None for a list

    def feed(self, events):
        stack = self.stack
        for event, value in events:
            if event == "map_key":
                keys = stack[-1]
                if value in keys:
                    raise _Refused(gettext("the key %(key)s appears twice in one object") % {"key": repr(value)})
                keys.add(value)
                if len(stack) == 1:
                    self.keys.append(value)
                continue
            if event == "end_map" or event == "end_array":
                stack.pop()
                continue
            depth = len(stack)  # a value begins
            if depth == 2:
                if self.orders == "start_array" and self.keys[-1] == "orders" and self.top == "start_map":
                    self.count += 1
            elif depth == 1:
                if self.keys and self.keys[-1] == "orders" and self.top == "start_map":
                    self.orders = event
            elif depth == 0:
                self.top = event
            if event == "start_map":
                stack.append(set())
            elif event == "start_array":
                stack.append(None)
            if len(stack) > MAX_DEPTH:
                raise _Refused(gettext("nested deeper than any order file is"))

    def errors(self):
        return shape_errors(is_object=self.top == "start_map", keys=self.keys,
                            orders_is_list=self.orders == "start_array", count=self.count)


def _check_file(open_binary, backend):
    shape, events = _Shape(), ijson.sendable_list()
    parser = _backend(backend).basic_parse_coro(events, use_float=False)
    chunk_number, tail = 0, b""  # chunk_number: the chunk being read, at the end their count
    try:
        for chunk in _chunks(open_binary):
            if backend == FAST and _FAST_CANNOT.search(tail + chunk):
                raise _UseExact
            tail = chunk[-_OVERLAP:]
            parser.send(chunk)
            shape.feed(events)
            del events[:]
            chunk_number += 1
        parser.close()
        shape.feed(events)
    except UnicodeDecodeError:  # a lone surrogate the search above took for half a pair (the C backend's crash)
        if backend == FAST:
            raise _UseExact from None
        return JsonCheck(errors=[_located(open_binary, backend, chunk_number)])
    except (*_PARSER_ERRORS, _Refused):
        return JsonCheck(errors=[_located(open_binary, backend, chunk_number)])
    finally:
        _close_quietly(parser)
    return JsonCheck(errors=shape.errors(), count=shape.count, backend=backend)


def _located(open_binary, backend, failing):
    """The file read again up to the chunk that failed, that chunk byte by byte: what breaks the file, and where."""
    shape, events, where = _Shape(), ijson.sendable_list(), _Where()
    parser = _backend(backend).basic_parse_coro(events, use_float=False)
    chunk, at, at_end = b"", 0, False
    try:
        for number, chunk in enumerate(_chunks(open_binary)):
            steps = [chunk] if number != failing else [chunk[i:i + 1] for i in range(len(chunk))]
            at = 0  # the step being read
            for step in steps:
                parser.send(step)
                shape.feed(events)
                del events[:]
                where.step_over(step)
                at += 1
        at_end = True
        parser.close()
        shape.feed(events)
    except _Refused as exc:
        reason = str(exc)
    except _PARSER_ERRORS as exc:
        reason = _reason_at_end(exc) if at_end else _reason(exc, chunk, at)
    else:  # the first read failed, this one did not: the file changed between them
        reason = gettext("the file changed while it was read")
    finally:
        _close_quietly(parser)
    error = gettext("%(reason)s at line %(line)s, column %(column)s") % {
        "reason": reason, "line": where.line, "column": where.column}
    return gettext("not valid JSON: %(error)s") % {"error": error}


def _reason(exc, chunk, at):
    """A NaN or Infinity by its name (the parsers call it a bad character), else the parser's own words."""
    start, end = at, at
    while start > max(0, at - 10) and chunk[start - 1] not in _DELIMITERS:
        start -= 1
    while end < min(len(chunk), at + 10) and chunk[end] not in _DELIMITERS:
        end += 1
    word = chunk[start:end].decode("utf-8", "replace")
    if word in _CONSTANTS:
        return gettext("%(name)s is not a number the import accepts") % {"name": word}
    return _parser_words(exc)


def _reason_at_end(exc):
    if isinstance(exc, ijson.IncompleteJSONError):
        return gettext("the file ends before the JSON is complete")
    return _parser_words(exc)


def _parser_words(exc):
    """The parser's message (English, as the standard library's was), e.g. "trailing garbage"."""
    words = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    for prefix in ("parse error: ", "lexical error: "):
        words = words.removeprefix(prefix)
    words = words.rstrip(".")
    return words if len(words) <= 100 else words[:99] + "…"


class _Where:
    """The line and column (in characters, from 1) of the next byte."""

    def __init__(self):
        self.line, self.column = 1, 1

    def step_over(self, data):
        newlines = data.count(b"\n")
        if newlines:
            self.line += newlines
            self.column = 1
            data = data[data.rindex(b"\n") + 1:]
        self.column += len(data.translate(None, _CONTINUATION))


def _chunks(open_binary):
    """The file's bytes in chunks, without a byte order mark (`json.loads` took one; yajl does not)."""
    with open_binary() as file:
        chunk = file.read(CHUNK)
        while len(chunk) < len(BOM) and (more := file.read(CHUNK)):
            chunk += more
        chunk = chunk.removeprefix(BOM)
        while chunk:
            yield chunk
            chunk = file.read(CHUNK)


def _close_quietly(parser):
    """A parser left before the end: closing it is the end of its input, which it calls incomplete."""
    with contextlib.suppress(Exception):  # the file's errors were found (or not) before
        parser.close()
