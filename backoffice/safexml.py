"""The one XML parser for partner replies: no DTDs, no entities, no network, no huge trees."""

from lxml import etree


class UnsafeXMLError(ValueError):
    """The document is not well-formed XML, or uses features that partner XML never needs."""


_BOM = b"\xef\xbb\xbf"
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")


def _parser_options():
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def clean_prolog(data: bytes) -> bytes:
    """Drops a UTF-8 byte-order mark and leading whitespace, which real partner feeds send."""
    data = data.lstrip()
    while data.startswith(_BOM):
        data = data[len(_BOM) :].lstrip()
    return data


def _refuse_dtd(head: bytes):
    upper = head.upper()
    if any(marker in upper for marker in _FORBIDDEN):
        raise UnsafeXMLError("XML with a DOCTYPE or entity declarations is refused.")


def parse_xml(data) -> etree._Element:
    """Parses a whole document held in memory and returns its root element."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = clean_prolog(data)
    if not data:
        raise UnsafeXMLError("The reply is empty, not XML.")
    root_at = data.find(b"<", data.find(b"?>") + 1 if data.startswith(b"<?xml") else 0)
    _refuse_dtd(data[: max(root_at, 0) + 4096])
    parser = etree.XMLParser(remove_comments=True, remove_pis=True, **_parser_options())
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UnsafeXMLError(f"The reply is not well-formed XML: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise UnsafeXMLError("XML with a DOCTYPE is refused.")
    return root


class _PrologGuard:
    """Wraps a byte stream: strips the BOM and refuses a DTD before lxml reads anything."""

    def __init__(self, chunks):
        self._chunks = iter(chunks)
        self._buffer = b""
        self._started = False

    def read(self, size=-1):
        if not self._started:
            self._started = True
            head = b""
            for chunk in self._chunks:
                head += chunk
                if len(head) >= 4096:
                    break
            head = clean_prolog(head)
            _refuse_dtd(head[:4096])
            self._buffer = head
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
        _PrologGuard(chunks), events=("end",), tag=tag, remove_comments=True, **_parser_options()
    )
    try:
        for _event, element in context:
            yield element
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise UnsafeXMLError(f"The reply is not well-formed XML: {exc.msg}") from None
