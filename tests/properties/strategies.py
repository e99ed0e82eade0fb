"""Hypothesis strategies for hostile partner replies and import files.

A reply is a documented example, mutated the ways partners (and broken proxies) really change them: a key
dropped, a number sent as text or the other way round, a list where one object was documented (and back),
null / "" / {} / [] where something was expected, huge or strange text, deeper or shallower nesting, keys in
another casing. Each mutated example is rendered as JSON or, for InnoCigs, as XML; on top come bodies that
are barely JSON or XML at all.
"""

import copy
import json
from xml.sax.saxutils import escape, quoteattr

from hypothesis import strategies as st

# Text a partner or a customer may send: right-to-left, emoji, combining marks, markup characters,
# control characters, NUL, a lone surrogate (valid in JSON as "\ud800", invalid anywhere else).
NASTY_TEXT = [
    "", " ", "0", "-1", "1e400", "NaN", "Infinity", "null", "true", "[]", "{}", "<b>&amp;</b>", "]]>", "' OR 1=1 --",
    "Müller & Söhne <GmbH>", 'Ein "Zitat"', "שלום עולם", "مرحبا", "\u202eevil\u202c", "👩‍👩‍👧‍👦🚚", "e\u0301",
    "\x00", "\x01\x02\x1f", "\x7f", "\ud800", "\udfff", "\u2028", "\ufeff", "\uffff", "tab\there", "line\nbreak",
    "2026-02-30T25:61:00", "2026-11-20T10:00:00+25:00", "9999-12-31T23:59:59Z", "0001-01-01", "-0", "1_000",
    "１２３", "٣", "12,50", " 42 ",
]
HUGE_SIZES = [300, 5_000, 100_000]
POISON = ["\x00", "\ud800", "\x07", "\n", "\u202e", "&", "<", "]]>", "\ufffe"]

texts = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=40),
    st.builds(lambda char, size: char * size, st.sampled_from(["x", "ß", "😀", "9", "<"]), st.sampled_from(HUGE_SIZES)),
)
numbers = st.one_of(
    st.integers(), st.integers(min_value=-(2**70), max_value=2**70), st.sampled_from([0, -1, 2**31, 2**63, 10**400]),
    st.floats(), st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -0.0, 0.1 + 0.2]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=12,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*path, index))


def _get(value, path):
    for step in path:
        value = value[step]
    return value


def _other_type(value):
    """The same value in the other JSON type partners confuse it with."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        for convert in (int, float):
            try:
                return convert(value.strip())
            except ValueError:
                continue
        return len(value)
    if isinstance(value, list):
        return value[0] if value else None
    if isinstance(value, dict):
        return [value]
    return ""


def _recase(key):
    return key.swapcase() if key.swapcase() != key else key.upper()


@st.composite
def mutated(draw, example, *, max_changes=4):
    """`example` (JSON-shaped) after one to `max_changes` mutations at random places."""
    doc = copy.deepcopy(example)
    for _ in range(draw(st.integers(1, max_changes))):
        path = draw(st.sampled_from(list(_paths(doc))))
        value = _get(doc, path)
        operation = draw(st.sampled_from(
            ["drop", "type", "wrap", "unwrap", "empty", "text", "poison", "value", "nest", "deep", "add", "recase",
             "duplicate"]
        ))
        if operation == "add" and isinstance(value, dict):
            value[draw(texts)] = draw(json_values)
            continue
        if operation == "recase" and isinstance(value, dict) and value:
            key = draw(st.sampled_from(sorted(value, key=str)))
            value[_recase(key) if isinstance(key, str) else key] = value.pop(key)
            continue
        if operation == "duplicate" and isinstance(value, list) and value:
            value.append(copy.deepcopy(draw(st.sampled_from(value))))
            continue
        new = _replacement(draw, operation, value)
        if not path:
            doc = new
            continue
        parent = _get(doc, path[:-1])
        if operation == "drop":
            del parent[path[-1]]
        else:
            parent[path[-1]] = new
    return doc


@st.composite
def poisoned(draw, example):
    """`example` with one bad character (NUL, a lone surrogate, a control character, markup …) put into many
    of its texts at once, numbers left as they are: so each text field of a reply is tried, in replies that
    are otherwise readable."""
    poison = draw(st.sampled_from(POISON))

    def walk(value):
        if isinstance(value, dict):
            return {key: walk(child) for key, child in value.items()}
        if isinstance(value, list):
            return [walk(child) for child in value]
        if isinstance(value, str) and draw(st.booleans()):
            at = draw(st.integers(0, len(value)))
            return value[:at] + poison + value[at:]
        return value

    return walk(example)


def _replacement(draw, operation, value):
    if operation == "type":
        return _other_type(value)
    if operation == "wrap":
        return [value]
    if operation == "unwrap":
        return _other_type(value) if isinstance(value, list | dict) else value
    if operation == "empty":
        return draw(st.sampled_from([None, "", {}, [], 0]))
    if operation == "text":
        return draw(texts)
    if operation == "poison" and isinstance(value, str):  # one bad character inside a documented value
        at = draw(st.integers(0, len(value)))
        return value[:at] + draw(st.sampled_from(POISON)) + value[at:]
    if operation == "nest":
        return {"item": value}
    # Deep, but well inside what json.dumps can write from under pytest's and hypothesis' own stack frames;
    # bodies nested beyond what any reader takes come ready-made as text (see `garbage`).
    if operation == "deep":
        for _ in range(draw(st.sampled_from([50, 300]))):
            value = [value]
        return value
    if operation == "value":
        return draw(json_values)
    return value  # "drop", and an operation that does not apply here


def json_bytes(value, *, ascii_only=True):
    """JSON as a partner might send it; a lone surrogate goes out as its escape or as broken UTF-8."""
    text = json.dumps(value, ensure_ascii=ascii_only)
    return text.encode("utf-8", "surrogatepass")


def deep(opening, closing, depth, middle="1"):
    return opening * depth + middle + closing * depth


# Bodies that are not the expected format at all, or only just.
garbage = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([
        b"", b" ", b"null", b"[]", b"{}", b"\"text\"", b"42", b"NaN", b"<html><body>502 Bad Gateway</body></html>",
        b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00", b"{\"a\": 1", b"{\"a\": 1}{\"b\": 2}", b"<?xml version='1.0'?>",
        deep("[", "]", 100_000).encode(), deep("{\"a\":", "}", 50_000).encode(), ("[" * 100_000).encode(),
        b"<a>" * 10_000, deep("<a>", "</a>", 300).encode(),
        b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
        b"<?xml version='1.0' encoding='bogus-8'?><x/>", b"<?xml version='1.0' encoding='utf-16'?><x/>",
        b"<x>&undefined;</x>", b"<x>&#0;</x>", b"<x>&#xD800;</x>", b"<x>\x00</x>",
        b"<x xmlns='urn:other'><ERRORS/></x>", b"<x><![CDATA[<ERRORS>]]></x>",
    ]),
    json_values.map(json_bytes),
)


def _tag(name):
    return str(name) if str(name) else "EMPTY"


def _flat(items):
    """The items of a list with nested lists flattened (a list repeats its parent's tag, at any depth)."""
    stack, flat = [iter(items)], []
    while stack:
        item = next(stack[-1], stack)
        if item is stack:
            stack.pop()
        elif isinstance(item, list):
            stack.append(iter(item))
        else:
            flat.append(item)
    return flat


def to_xml(value, tag="INNOCIGS_API_RESPONSE"):
    """InnoCigs' XML for a JSON-shaped reply: a list repeats its parent's tag, `_attributes` become attributes,
    `_cdata` a CDATA section.

    Written by hand, not with lxml: a mutation may put characters or tag names into it that XML cannot carry,
    and the reply must then arrive as broken as a partner would send it.
    """
    if isinstance(value, list):
        return "".join(to_xml(item, tag) for item in _flat(value)) or f"<{_tag(tag)}/>"
    if isinstance(value, dict):
        cdata = value.get("_cdata")
        if set(value) == {"_cdata"} and isinstance(cdata, str) and "]]>" not in cdata:  # REST's form of CDATA
            return f"<{_tag(tag)}><![CDATA[{cdata}]]></{_tag(tag)}>"
        attributes = value.get("_attributes") if isinstance(value.get("_attributes"), dict) else {}
        attrs = "".join(f" {_tag(k)}={quoteattr(str(v))}" for k, v in attributes.items())
        children = "".join(to_xml(child, key) for key, child in value.items() if key != "_attributes")
        return f"<{_tag(tag)}{attrs}>{children}</{_tag(tag)}>"
    text = "" if value is None else escape(str(value).lower() if isinstance(value, bool) else str(value))
    return f"<{_tag(tag)}>{text}</{_tag(tag)}>"


@st.composite
def xml_bytes(draw, shape):
    """The XML of `shape`, sometimes with a prolog, a byte-order mark, another encoding, or cut short."""
    body = to_xml(shape)
    prolog = draw(st.sampled_from(["", "<?xml version='1.0' encoding='utf-8'?>\n", "\ufeff", "  \n"]))
    data = (prolog + body).encode("utf-8", "surrogatepass")
    change = draw(st.sampled_from(["none", "none", "cut", "latin1", "comment", "namespace"]))
    if change == "cut" and data:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif change == "latin1":
        data = ("<?xml version='1.0' encoding='iso-8859-1'?>" + body).encode("latin-1", "replace")
    elif change == "comment":
        data = data.replace(b"><", b"><!-- c --><", 1)
    elif change == "namespace":
        data = data.replace(b"<INNOCIGS_API_RESPONSE>", b"<INNOCIGS_API_RESPONSE xmlns='urn:x'>", 1)
    return data


# Known values for the round trips (a reply built from values, read back into the same values): text as partners
# send it in a field, any script or symbol but no control character and nothing XML cannot carry, without spaces
# at its ends (every reader strips them).
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")), min_size=1,
                max_size=30).map(str.strip).filter(bool)
