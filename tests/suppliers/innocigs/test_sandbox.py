"""The sandbox accepts and refuses dropships like InnoCigs does, for either API, and records what it got."""

import json

import pytest
from django.utils import timezone
from lxml import etree
from lxml.builder import E

from backoffice.safexml import parse_xml
from backoffice.sandbox import credentials, state
from tests.support import control_headers

from .factories import sandbox_book

RECEIVER = {"FIRSTNAME": "Jane", "LASTNAME": "Doe", "STREET_ADDRESS": "Teststr. 23", "POSTCODE": "22761",
            "CITY": "Hamburg", "COUNTRY_CODE": "DE"}
SHIPPER = {"COMPANY": "Dampfwerk", **RECEIVER, "EMAIL": "versand@example.com"}
XML_URL = "/sandbox/innocigs/xmlapi/apiv2.php"


@pytest.fixture(autouse=True)
def fresh_sandbox():
    state.reset()
    yield
    state.reset()


def dropship(number, *, receiver=RECEIVER, products=(("IC10000AIO-10", 1),)):
    return {"DATA": {"ORDERS_NUMBER": number, "SHIPPER": SHIPPER, **({"RECEIVER": receiver} if receiver else {})},
            "PRODUCTS": [{"PRODUCTS_MODEL": m, "QUANTITY": q} for m, q in products]}


def rest(client, body, *, password=credentials.INNOCIGS_PASSWORD, test=False, path="dropship"):
    headers = {"Auth": f"{credentials.INNOCIGS_CID}:{password}", **({"modus": "test"} if test else {})}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"/sandbox/innocigs/restapi/{path}", data, content_type="application/json", headers=headers)


def get(client, path):
    auth = f"{credentials.INNOCIGS_CID}:{credentials.INNOCIGS_PASSWORD}"
    return client.get(f"/sandbox/innocigs/restapi/{path}", headers={"Auth": auth}).json()


def xml_body(*dropships):
    def party(tag, fields):
        return E(tag, *(E(k, v) for k, v in fields.items()))

    return E.INNOCIGS_API_REQUEST(E.DROPSHIPPING(*(
        E.DROPSHIP(E.DATA(E.ORDERS_NUMBER(d["DATA"]["ORDERS_NUMBER"]), party("SHIPPER", d["DATA"]["SHIPPER"]),
                          *([party("RECEIVER", d["DATA"]["RECEIVER"])] if "RECEIVER" in d["DATA"] else [])),
                   E.PRODUCTS(*(E.PRODUCT(E.PRODUCTS_MODEL(p["PRODUCTS_MODEL"]), E.QUANTITY(str(p["QUANTITY"])))
                                for p in d["PRODUCTS"])))
        for d in dropships
    )))


def xml(client, xml_text, *, query="", **extra):
    if not isinstance(xml_text, str):
        xml_text = etree.tostring(xml_text, encoding="unicode")
    form = {"cid": credentials.INNOCIGS_CID, "auth": credentials.INNOCIGS_PASSWORD, "command": "dropship",
            "xml": xml_text, **extra}
    return parse_xml(client.post(XML_URL + query, form).content)


def test_rest_places_a_dropship_and_answers_with_one_object(client):
    reply = rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("S1")}}).json()
    result = reply["DROPSHIPPING"]["DROPSHIP"]
    assert (result["ORDERS_NUMBER"], result["STATUS"]) == ("S1", "OK")
    assert isinstance(result["DROPSHIP_ID"], int) and result["DROPSHIP_ID"] > 0
    assert "S1" in sandbox_book()["dropships"]


def test_rest_refusals_per_dropship(client):
    rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("S1")}})
    cases = {
        "S1": (dropship("S1"), [20011]),
        "S2": (dropship("S2", receiver=None), [20004]),
        "S3": (dropship("S3", receiver={**RECEIVER, "CITY": ""}), [20005]),
        "S4": (dropship("S4", products=[("AS100AMZ", 1), ("NOPE", 1)]), [30001, 30003]),
        # The reference's field rules (lines 490-515), each broken once: 20012 "Adressdaten enthalten Fehler".
        "S5": (dropship("S5", receiver={**RECEIVER, "POSTCODE": "227"}), [20012]),  # min. 4
        "S6": (dropship("S6", receiver={**RECEIVER, "CITY": "Ha"}), [20012]),  # min. 3
        "S7": (dropship("S7", receiver={**RECEIVER, "COUNTRY_CODE": "DEU"}), [20012]),  # ISO alpha-2
        "S8": (dropship("S8", receiver={**RECEIVER, "BIRTHDAY": "1989-06-23"}), [20012]),  # German format
        "S9": (dropship("S9", receiver={**RECEIVER, "EMAIL": "jane@"}), [20012]),
        "S10": (dropship("S10", receiver={**RECEIVER, "COMPANY2": "x" * 31}), [20012]),  # max. 30
        "S11": (dropship("S11", receiver={**RECEIVER, "STREET_ADDRESS": "Packstation 123", "COMPANY": "x" * 20,
                                          "COMPANY2": "y" * 15}), [20012]),  # together max. 34 for a Packstation
    }
    for number, (body, codes) in cases.items():
        result = rest(client, {"DROPSHIPPING": {"DROPSHIP": body}}).json()["DROPSHIPPING"]["DROPSHIP"]
        assert (result["ORDERS_NUMBER"], result["STATUS"], result["DROPSHIP_ID"]) == (number, "NOK", -1)
        assert [e["CODE"] for e in result["ERRORS"]] == codes
    assert list(sandbox_book()["dropships"]) == ["S1"]


def test_the_sender_needs_a_company_of_three_letters_and_an_email(client):
    short = {"DATA": {"ORDERS_NUMBER": "S1", "SHIPPER": {**SHIPPER, "COMPANY": "AB"}, "RECEIVER": RECEIVER},
             "PRODUCTS": [{"PRODUCTS_MODEL": "IC10000AIO-10", "QUANTITY": 1}]}
    no_email = {**short, "DATA": {**short["DATA"], "ORDERS_NUMBER": "S2",
                                  "SHIPPER": {k: v for k, v in SHIPPER.items() if k != "EMAIL"}}}
    codes = [[e["CODE"] for e in rest(client, {"DROPSHIPPING": {"DROPSHIP": body}}).json()["DROPSHIPPING"]
              ["DROPSHIP"]["ERRORS"]] for body in (short, no_email)]
    assert codes == [[20012], [20003]]
    a_birthday = {**short, "DATA": {**short["DATA"], "ORDERS_NUMBER": "S3", "SHIPPER": SHIPPER,
                                    "RECEIVER": {**RECEIVER, "BIRTHDAY": "23.6.1989"}}}
    assert rest(client, {"DROPSHIPPING": {"DROPSHIP": a_birthday}}).json()["DROPSHIPPING"]["DROPSHIP"]["STATUS"] == "OK"


def test_batch_level_faults(client):
    assert rest(client, {}, password="wrong").json()["ERRORS"]["ERROR"][0]["CODE"] == 10000
    assert rest(client, "{not json").json()["ERRORS"]["ERROR"][0]["CODE"] == 10001
    assert xml(client, "<INNOCIGS_API_REQUEST><DROPSHIPPING>").findtext("ERRORS/ERROR/CODE") == "10001"
    assert xml(client, "<INNOCIGS_API_REQUEST/>").findtext("ERRORS/ERROR/CODE") == "10002"
    assert sandbox_book()["dropships"] == {}


def test_xml_batch_answers_each_dropship_by_its_number(client):
    root = xml(client, xml_body(dropship("X1"), dropship("X2", products=[("AS100AMZ", 1)]), dropship("X1")))
    results = [(d.findtext("ORDERS_NUMBER"), d.findtext("STATUS"), d.findtext("ERRORS/ERROR/CODE"))
               for d in root.iterfind("DROPSHIPPING/DROPSHIP")]
    assert results == [("X1", "OK", None), ("X2", "NOK", "30001"), ("X1", "NOK", "20011")]
    assert sandbox_book()["dropship_requests"] == [{"numbers": ["X1", "X2", "X1"], "test": False}]
    [received] = state.received("innocigs", "xml")
    assert "<ORDERS_NUMBER>X2</ORDERS_NUMBER>" in received.body


def test_test_mode_validates_without_placing(client):
    result = rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("S1")}}, test=True).json()
    assert result["DROPSHIPPING"]["DROPSHIP"]["STATUS"] == "OK"
    root = xml(client, xml_body(dropship("S2", products=[("NOPE", 1)])), query="?modus=test")
    assert root.findtext("DROPSHIPPING/DROPSHIP/ERRORS/ERROR/CODE") == "30003"
    assert sandbox_book()["dropships"] == {}


def test_xml_test_mode_is_read_from_the_url_query_only(client):
    xml(client, xml_body(dropship("S1")), query="?modus=test")
    xml(client, xml_body(dropship("S2")), modus="test")  # in the body only: the reference puts it in the URL
    assert [r["test"] for r in sandbox_book()["dropship_requests"]] == [True, False]
    assert list(sandbox_book()["dropships"]) == ["S2"]


def test_placed_dropships_appear_in_tracking_once_shipped(client):
    rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("S1")}})
    assert get(client, f"tracking/{timezone.localdate()}") == {"TRACKING": {"DROPSHIP": [], "CANCELLATION": []}}
    assert client.post("/sandbox/innocigs/_control/ship", headers=control_headers()).json() == {"shipped": ["S1"]}
    [tracked] = get(client, f"tracking/{timezone.localdate()}")["TRACKING"]["DROPSHIP"]
    [parcel] = tracked["TRACKINGS"]
    assert tracked["ORDERS_NUMBER"] == "S1" and tracked["DELIVERY_NUMBER"].startswith("S")
    assert parcel["TRACKINGINFO"]["CARRIER"] == "DHL" and len(parcel["TRACKINGINFO"]["CODE"]) == 20
    by_order = parse_xml(client.post(XML_URL, {"cid": credentials.INNOCIGS_CID, "auth": credentials.INNOCIGS_PASSWORD,
                                               "command": "tracking", "order": "S1"}).content)
    assert by_order.findtext("TRACKING/DROPSHIP/TRACKINGS/TRACKINGINFO/CODE") == parcel["TRACKINGINFO"]["CODE"]


def test_control_endpoints_only_take_posts(client):
    assert client.get("/sandbox/innocigs/_control/ship", headers=control_headers()).status_code == 405
