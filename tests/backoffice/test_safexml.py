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
