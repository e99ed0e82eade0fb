"""A REST full feed read while it streams in: each item is yielded as soon as its closing brace has arrived, so
memory holds one item, not the feed (the XML API's feeds do the same through iter_elements).

The reply is read as `items(data, container, "PRODUCT")` reads a whole document (shapes.py): the container key
in any case, the container one object or a list of them, PRODUCT in any case, one object or a list, empty
entries ("", {}, null) dropped. Numbers with a fraction are exact Decimals (ijson's default), whole numbers
ints. A top-level ERRORS block raises its typed error wherever it stands; when it comes after the items, the
items already yielded are no result: every sync reads its feed completely before it writes anything.
"""

import ijson

from .shapes import Malformed, as_list, error_issues

# Real feeds nest five levels deep; an item nested far deeper is no catalogue entry, and the readers of an
# item walk nested lists recursively.
MAX_DEPTH = 100
_SCALARS = frozenset({"string", "number", "boolean", "null"})
_OPEN = frozenset({"start_map", "start_array"})
_CLOSE = frozenset({"end_map", "end_array"})


class NotJSON(Exception):
    """The body is not one JSON document (not JSON at all, cut short, or something after it)."""


class UnexpectedShape(Exception):
    """The document is JSON but not an object."""


def feed_items(events, *, container, item, raise_for_errors):
    """The items of `container`/`item` in a stream of ijson basic_parse events, one at a time; raises Malformed
    for a reply without its container (an empty feed must be said, not implied) or with two of them."""
    events = iter(events)
    event, _ = _next(events)
    if event != "start_map":
        raise UnexpectedShape
    seen = False
    for key in _keys(events):
        event, value = _next(events)
        if key == "ERRORS":  # as error_issues reads it: this exact key, at the top
            raise_for_errors(error_issues({"ERRORS": _build(events, event, value)}))
        elif key.casefold() == container.casefold():
            if seen:
                raise Malformed(f"the reply has more than one {container} block", field=container)
            seen = True
            yield from _container(events, event, item)
        else:
            _skip(events, event)
    for _ in events:  # the document is complete only when nothing but whitespace follows (ijson checks)
        pass
    if not seen:
        raise Malformed(f"the reply has no {container} block", field=container)


def _container(events, event, item, *, nested=False):
    """The container is an entry, or a list of entries and of lists of entries (items() goes one list deeper
    at each key); an entry is an object holding `item`."""
    if event == "start_map":
        yield from _entry(events, item)
    elif event == "start_array":
        while (event := _next(events)[0]) != "end_array":
            if event == "start_map" or (event == "start_array" and not nested):
                yield from _container(events, event, item, nested=True)
            else:
                _skip(events, event)


def _entry(events, item):
    seen = False
    for key in _keys(events):
        event, value = _next(events)
        if key.casefold() != item.casefold():
            _skip(events, event)
            continue
        if seen:
            raise Malformed(f"an entry with more than one {item} key", field=item)
        seen = True
        if event == "start_array":  # the usual shape: one item after the other
            while (event := _next(events))[0] != "end_array":
                found = _build(events, *event)
                if found is not None and found != "" and found != {}:
                    yield found
        else:
            yield from as_list(_build(events, event, value))


def _keys(events):
    """The keys of the object just opened, up to its end; the caller reads each key's value."""
    while True:
        event, value = _next(events)
        if event == "end_map":
            return
        yield value


def _build(events, event, value):
    """The value that starts with (event, value), built without recursion."""
    if event in _SCALARS:
        return value
    root = {} if event == "start_map" else []
    parent, key, stack = root, None, []
    for event, value in events:
        if event == "map_key":
            key = value
            continue
        if event in _SCALARS:
            new = value
        elif event in _OPEN:
            new = {} if event == "start_map" else []
        else:  # a close
            if not stack:
                return root
            parent, key = stack.pop()
            continue
        if type(parent) is dict:
            parent[key] = new
        else:
            parent.append(new)
        if event in _OPEN:
            stack.append((parent, key))
            if len(stack) >= MAX_DEPTH:
                raise Malformed(f"the reply is nested deeper than {MAX_DEPTH} levels")
            parent, key = new, None
    raise NotJSON


def _skip(events, event):
    """Reads past the value that starts with `event`, building nothing."""
    depth = 1 if event in _OPEN else 0
    while depth:
        event = _next(events)[0]
        if event in _OPEN:
            depth += 1
        elif event in _CLOSE:
            depth -= 1


def _next(events):
    try:
        return next(events)
    except StopIteration:
        raise NotJSON from None


class ChunkReader:
    """The chunks of a streamed reply as the file ijson reads: a UTF-8 byte order mark dropped (json.loads
    accepts one), and the first bytes kept to show what came when the body is not JSON."""

    def __init__(self, chunks, keep=80):
        self.chunks = iter(chunks)
        self.keep = keep
        self.head = b""
        self.started = False

    def read(self, size=-1):
        if size == 0:
            return b""
        chunk = next(self.chunks, b"")
        if not self.started and chunk:
            self.started = True
            chunk = chunk.removeprefix(b"\xef\xbb\xbf")
        if len(self.head) < self.keep:
            self.head += chunk[: self.keep - len(self.head)]
        return chunk


def read_feed(chunks, *, container, item, raise_for_errors):
    """(the items, the reader): ijson's C parser reads the chunks; feed_items walks its events."""
    reader = ChunkReader(chunks)
    return feed_items(ijson.basic_parse(reader), container=container, item=item,
                      raise_for_errors=raise_for_errors), reader


NOT_JSON = (ijson.JSONError, UnicodeDecodeError, NotJSON)
