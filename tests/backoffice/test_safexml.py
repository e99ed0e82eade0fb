import pytest

from backoffice.safexml import UnsafeXMLError, iter_elements, parse_xml

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<INNOCIGS_API_RESPONSE><X>&xxe;</X></INNOCIGS_API_RESPONSE>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>"""


@pytest.mark.parametrize("payload", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
def test_entity_attacks_are_refused_with_a_clear_error(payload):
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        parse_xml(payload)


@pytest.mark.parametrize("payload", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
def test_entity_attacks_are_refused_when_streamed(payload):
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        list(iter_elements([payload[:40], payload[40:]], "X"))


def test_bom_and_leading_whitespace_are_accepted():
    root = parse_xml(b"\xef\xbb\xbf \n <A><B> 1 </B></A>")
    assert root.findtext("B") == " 1 "


def test_malformed_xml_names_the_problem():
    with pytest.raises(UnsafeXMLError, match="not well-formed"):
        parse_xml(b"<A><B></A>")


def test_empty_reply_is_not_xml():
    with pytest.raises(UnsafeXMLError, match="empty"):
        parse_xml(b"  ")


def test_streaming_yields_each_element_once_and_frees_it():
    document = b"<R>" + b"".join(b"<P><M>%d</M></P>" % i for i in range(1000)) + b"</R>"
    chunks = [document[i : i + 97] for i in range(0, len(document), 97)]
    models = [element.findtext("M") for element in iter_elements(chunks, "P")]
    assert models == [str(i) for i in range(1000)]


def read_whole(document):
    return [element.text for element in parse_xml(document).iter("X")]


def read_streamed(document):
    # 7-byte chunks: a UTF-16 or UTF-32 character, and every marker, is split between two chunks.
    return [element.text for element in iter_elements([document[i : i + 7] for i in range(0, len(document), 7)], "X")]


READERS = pytest.mark.parametrize("read", [read_whole, read_streamed], ids=["whole", "streamed"])

# The full nine levels: libxml2 refuses to expand it ("amplification factor exceeded") once it reads the DTD.
LAUGHS_BODY = b"<!DOCTYPE lolz [\n <!ENTITY lol0 \"lol\">\n" + b"".join(
    b' <!ENTITY lol%d "%s">\n' % (level, b"&lol%d;" % (level - 1) * 10) for level in range(1, 10)
) + b"]>\n<lolz><X>&lol9;</X></lolz>"
XXE_BODY = XXE.split(b"?>", 1)[1]
INTERNAL_ENTITY = b'<!DOCTYPE R [\n <!ENTITY e "injected">\n]>\n<R><X>&e;</X></R>'


def in_encoding(text, codec, *, bom=b"", declared=None):
    declared = declared or codec.upper()
    return bom + f'<?xml version="1.0" encoding="{declared}"?>\n{text}'.encode(codec)


DTD_PAST_THE_HEAD = {
    "billion-laughs-after-a-5KB-comment": b'<?xml version="1.0"?>\n<!--' + b" " * 5000 + b"-->\n" + LAUGHS_BODY,
    "xxe-after-a-5KB-processing-instruction": b'<?xml version="1.0"?>\n<?pad ' + b"x" * 5000 + b"?>\n" + XXE_BODY,
    "internal-entity-after-a-5KB-comment": b"<!--" + b" " * 5000 + b"-->" + INTERNAL_ENTITY,
    "iso-8859-1-billion-laughs-after-a-5KB-comment": in_encoding(
        "<!-- \xe4" + "\xf6" * 5000 + " -->" + LAUGHS_BODY.decode(), "iso-8859-1"
    ),
}
DTD_IN_WIDE_ENCODINGS = {
    "utf-16-le-bom-billion-laughs": in_encoding(LAUGHS_BODY.decode(), "utf-16-le", bom=b"\xff\xfe", declared="UTF-16"),
    "utf-16-be-bom-billion-laughs": in_encoding(LAUGHS_BODY.decode(), "utf-16-be", bom=b"\xfe\xff", declared="UTF-16"),
    "utf-16-le-bom-xxe": in_encoding(XXE_BODY.decode(), "utf-16-le", bom=b"\xff\xfe", declared="UTF-16"),
    "utf-16-be-bom-internal-entity": in_encoding(INTERNAL_ENTITY.decode(), "utf-16-be", bom=b"\xfe\xff"),
    "utf-16-le-no-bom-billion-laughs": in_encoding(LAUGHS_BODY.decode(), "utf-16-le"),
    "utf-16-be-no-bom-xxe": in_encoding(XXE_BODY.decode(), "utf-16-be"),
    "utf-32-le-no-bom-billion-laughs": in_encoding(LAUGHS_BODY.decode(), "utf-32-le"),
    "utf-32-be-no-bom-internal-entity": in_encoding(INTERNAL_ENTITY.decode(), "utf-32-be"),
}


@READERS
@pytest.mark.parametrize("document", DTD_PAST_THE_HEAD.values(), ids=DTD_PAST_THE_HEAD.keys())
def test_a_dtd_past_the_first_4KB_is_refused(read, document):
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        read(document)


@READERS
@pytest.mark.parametrize("document", DTD_IN_WIDE_ENCODINGS.values(), ids=DTD_IN_WIDE_ENCODINGS.keys())
def test_a_dtd_in_utf16_or_utf32_is_refused(read, document):
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        read(document)


def test_a_dtd_in_utf32_with_a_bom_is_refused():
    document = in_encoding(LAUGHS_BODY.decode(), "utf-32-le", bom=b"\xff\xfe\x00\x00", declared="UTF-32")
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        read_whole(document)
    # lxml's incremental parser cannot read UTF-32 with a BOM at all, so the stream is refused unread.
    with pytest.raises(UnsafeXMLError, match="not well-formed"):
        read_streamed(document)


@READERS
def test_a_doctype_quoted_in_cdata_is_text_not_a_dtd(read):
    description = "<!DOCTYPE html><html><!ENTITY is just text here></html>"
    assert read(f"<R><X><![CDATA[{description}]]></X></R>".encode()) == [description]


@READERS
def test_utf16_without_a_dtd_is_read(read):
    document = in_encoding("<R><X>Grüße ☃</X></R>", "utf-16-le", bom=b"\xff\xfe", declared="UTF-16")
    assert read(document) == ["Grüße ☃"]
