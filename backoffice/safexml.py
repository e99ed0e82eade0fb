"""The one XML parser for partner replies: no DTDs, no entities, no network, no huge trees."""

import contextlib
import itertools

from lxml import etree


class UnsafeXMLError(ValueError):
    """The document is not well-formed XML, or uses features that partner XML never needs."""


_BOM = b"\xef\xbb\xbf"
_DTD_REFUSED = "XML with a DOCTYPE or entity declarations is refused."


def _parser_options():
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def clean_prolog(data: bytes) -> bytes:
    """Drops a UTF-8 byte-order mark and leading whitespace, which real partner feeds send."""
    data = data.lstrip()
    while data.startswith(_BOM):
        data = data[len(_BOM) :].lstrip()
    return data


def _not_well_formed(exc):
    return UnsafeXMLError(f"The reply is not well-formed XML: {exc.msg}")


class _RootReached(Exception):
    """The prolog check reached the root element; a DTD can only come before it."""


class _Prolog:
    """Parser target that reads only a document's prolog: lxml calls doctype() as soon as it reads `<!DOCTYPE`,
    whatever the encoding and wherever the DTD sits, before any entity declaration is parsed."""

    def doctype(self, name, public_id, system_url):
        raise UnsafeXMLError(_DTD_REFUSED)

    def start(self, tag, attrib):
        raise _RootReached

    def close(self):
        return None


def _prolog_parser():
    return etree.XMLParser(target=_Prolog(), **_parser_options())


def _refuse_dtd(data: bytes):
    with contextlib.suppress(_RootReached):
        etree.fromstring(data, _prolog_parser())


def parse_xml(data) -> etree._Element:
    """Parses a whole document held in memory and returns its root element."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = clean_prolog(data)
    if not data:
        raise UnsafeXMLError("The reply is empty, not XML.")
    try:
        _refuse_dtd(data)
        return etree.fromstring(data, etree.XMLParser(remove_comments=True, remove_pis=True, **_parser_options()))
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(exc) from None


def _checked(chunks):
    """Yields the stream's chunks; each one passes the prolog check before lxml's tree parser may read it."""
    chunks = iter(chunks)
    head = b""
    for chunk in chunks:
        head += chunk
        if len(head) >= 4096:  # more than the whitespace and BOMs any feed puts first
            break
    prolog = _prolog_parser()
    for chunk in itertools.chain([clean_prolog(head)], chunks):
        if prolog is not None:
            try:
                prolog.feed(chunk)
            except _RootReached:
                prolog = None
            except etree.XMLSyntaxError as exc:
                raise _not_well_formed(exc) from None
        yield chunk


class _Stream:
    """The checked chunks as the file-like object iterparse reads."""

    def __init__(self, chunks):
        self._chunks = _checked(chunks)
        self._buffer = b""

    def read(self, size=-1):
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out


def iter_elements(chunks, tag):
    """Streams a large document: yields each finished `tag` element, then frees it.

    `chunks` is an iterable of bytes (e.g. `response.iter_content(65536)`), so memory stays flat however
    large the feed is.
    """
    context = etree.iterparse(
        _Stream(chunks), events=("end",), tag=tag, remove_comments=True, **_parser_options()
    )
    try:
        for _event, element in context:
            yield element
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(exc) from None
