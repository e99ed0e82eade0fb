"""The streaming reader of the REST full feeds (suppliers/innocigs/json_feed.py) finds what the whole-document
reader finds (`items(json.loads(body), container, "PRODUCT")`, as the feeds were read before): the same items
in the same order, or an error for the same replies, in the documented shapes and any mutation of them.

Where the two differ on purpose, the case is left out: a reply with two containers or two PRODUCT keys in one
entry in different cases (refused rather than one of them picked), a lone surrogate (ijson reads "\\ud800" as
"?", stored either way as a replacement character), NaN and Infinity (not JSON; json.loads takes them), and
nesting beyond json_feed.MAX_DEPTH.
"""

import io
import json
from decimal import Decimal

import ijson
from hypothesis import assume, given
from hypothesis import strategies as st

from suppliers.innocigs.json_feed import MAX_DEPTH, NOT_JSON, UnexpectedShape, feed_items
from suppliers.innocigs.shapes import Malformed, error_issues, items

from . import examples as ex
from .replies import PROPERTY, SURROGATE
from .strategies import json_bytes, mutated

FEEDS = [(ex.INNOCIGS_STOCK, "QUANTITIES"), (ex.INNOCIGS_PRICES, "PRICES"), (ex.INNOCIGS_PRODUCTS, "PRODUCTS"),
         (ex.INNOCIGS_PENDING, "PENDINGS")]


class Refused(Exception):
    pass


def refuse(issues):
    if issues:
        raise Refused


def whole(body, container):
    """The reader before streaming: the whole document, then its items."""
    data = json.loads(body, parse_float=Decimal)
    if not isinstance(data, dict):
        raise UnexpectedShape
    refuse(error_issues(data))
    if not any(key.casefold() == container.casefold() for key in data):
        raise Malformed("no block")
    return items(data, container, "PRODUCT")


def streamed(body, container):
    return list(feed_items(ijson.basic_parse(io.BytesIO(body)), container=container, item="PRODUCT",
                           raise_for_errors=refuse))


def outcome(read, body, container):
    try:
        return read(body, container)
    except (Refused, UnexpectedShape, Malformed, *NOT_JSON, RecursionError) as exc:
        return type(exc).__name__ if isinstance(exc, Refused | UnexpectedShape) else "malformed"


def depth(value):
    """How deep `value` nests (without recursion: the mutations nest 300 levels)."""
    deepest, level = 0, [value]
    while level := [c for v in level if isinstance(v, dict | list) for c in (v.values() if isinstance(v, dict) else v)]:
        deepest += 1
    return deepest


def ambiguous(doc, container):
    """Two keys for one thing in different cases: the container at the top, PRODUCT in one entry."""
    if not isinstance(doc, dict):
        return False
    tops = [key for key in doc if key.casefold() == container.casefold()]
    entries = [doc[key] for key in tops]
    entries = [e for value in entries for e in (value if isinstance(value, list) else [value])]
    return len(tops) > 1 or any(
        isinstance(e, dict) and sum(key.casefold() == "product" for key in e) > 1 for e in entries)


@PROPERTY
@given(feed=st.sampled_from(FEEDS), data=st.data())
def test_the_streaming_reader_finds_what_the_whole_document_reader_found(feed, data):
    example, container = feed
    doc = data.draw(st.one_of(st.just(example), mutated(example, max_changes=6), mutated(ex.INNOCIGS_ERRORS)))
    text = json.dumps(doc, ensure_ascii=False)
    assume(not SURROGATE.search(text) and "NaN" not in text and "Infinity" not in text)
    assume(depth(doc) < MAX_DEPTH and not ambiguous(doc, container))
    body = json_bytes(doc, ascii_only=data.draw(st.booleans()))
    assert outcome(streamed, body, container) == outcome(whole, body, container)


def test_the_documented_feeds_read_the_same_either_way():
    for example, container in FEEDS:
        body = json_bytes(example)
        assert streamed(body, container) == whole(body, container) and streamed(body, container)
