"""InnoCigs' dropship replies, read into outcomes through the lifecycle (HTTP stubbed with `responses`)."""

import json
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
import requests
import responses
from django.utils import timezone

from backoffice.models import PartnerHealth
from backoffice.safexml import parse_xml
from orders.models import Order, Submission
from orders.services.submissions import orders_submit
from suppliers.innocigs import parse_orders as parse
from suppliers.innocigs.parse import element_to_dict

from .factories import make_order

S = Submission.State
BASE = "https://innocigs.test"
REST = f"{BASE}/restapi/dropship"
XML = f"{BASE}/xmlapi/apiv2.php"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def innocigs(settings, products):
    settings.INNOCIGS_BASE_URL = BASE
    settings.INNOCIGS_CID = "4711"
    settings.INNOCIGS_PASSWORD = "not-a-real-password"
    with responses.RequestsMock() as mock:
        yield mock


def submit(*numbers):
    orders = [make_order(number) for number in numbers]
    return {r.order_number: r for r in orders_submit(orders=orders, partner="innocigs", actor="user:alice")}


def xml_reply(*dropships):
    return "<?xml version='1.0' encoding='utf-8'?><INNOCIGS_API_RESPONSE><DROPSHIPPING>" + "".join(
        dropships) + "</DROPSHIPPING></INNOCIGS_API_RESPONSE>"


def ok(number, dropship_id, orders_id):
    return (f"<DROPSHIP><ORDERS_NUMBER>{number}</ORDERS_NUMBER><STATUS>OK</STATUS><MESSAGE>Dropship erfolgreich "
            f"eingetragen</MESSAGE><DROPSHIP_ID>{dropship_id}</DROPSHIP_ID><ORDERS_ID>{orders_id}</ORDERS_ID>"
            "</DROPSHIP>")


def nok(number, *errors):
    listed = "".join(f"<ERROR><CODE>{code}</CODE><MESSAGE>{message}</MESSAGE></ERROR>" for code, message in errors)
    return (f"<DROPSHIP><ORDERS_NUMBER>{number}</ORDERS_NUMBER><STATUS>NOK</STATUS><MESSAGE>Dropship "
            f"fehlgeschlagen</MESSAGE><ERRORS>{listed}</ERRORS><DROPSHIP_ID>-1</DROPSHIP_ID><ORDERS_ID>-1</ORDERS_ID>"
            "</DROPSHIP>")


def test_rest_ok_is_accepted_with_both_references(innocigs):
    innocigs.post(REST, json={"DROPSHIPPING": {"DROPSHIP": {
        "ORDERS_NUMBER": "A1", "STATUS": "OK", "MESSAGE": "Dropship erfolgreich eingetragen",
        "DROPSHIP_ID": 68, "ORDERS_ID": 77}}})
    assert submit("A1")["A1"].state == S.ACCEPTED
    submission = Submission.objects.get()
    assert (submission.partner_reference, submission.references) == ("68", {"DROPSHIP_ID": "68", "ORDERS_ID": "77"})
    request = innocigs.calls[0].request
    assert request.headers["Auth"] == "4711:not-a-real-password" and "modus" not in request.headers
    assert json.loads(request.body)["DROPSHIPPING"]["DROPSHIP"]["DATA"]["ORDERS_NUMBER"] == "A1"


def test_rest_test_mode_sends_the_modus_header(innocigs, settings):
    settings.INNOCIGS_TEST_MODE = True
    innocigs.post(REST, json={"DROPSHIPPING": {"DROPSHIP": {
        "ORDERS_NUMBER": "A1", "STATUS": "OK", "MESSAGE": "ok", "DROPSHIP_ID": -1, "ORDERS_ID": -1}}})
    assert submit("A1")["A1"].state == S.TEST_OK
    assert innocigs.calls[0].request.headers["modus"] == "test"


def test_rest_nok_is_refused_with_each_error(innocigs):
    innocigs.post(REST, json={"DROPSHIPPING": {"DROPSHIP": {
        "ORDERS_NUMBER": "A1", "STATUS": "NOK", "MESSAGE": "Dropship fehlgeschlagen", "DROPSHIP_ID": -1,
        "ORDERS_ID": -1, "ERRORS": [{"CODE": 30001, "MESSAGE": "AS100AMZ nicht lieferbar"},
                                    {"CODE": 30003, "MESSAGE": "XY unbekannt"}]}}})
    assert submit("A1")["A1"].state == S.REFUSED
    errors = Submission.objects.get().errors
    assert [(e["code"], e["message"], e["explanation"]) for e in errors] == [
        ("30001", "AS100AMZ nicht lieferbar", "Product not deliverable."),
        ("30003", "XY unbekannt", "Unknown product."),
    ]
    assert Order.objects.get().status == Order.Status.READY


def test_xml_mixed_batch_is_matched_by_orders_number_and_a_missing_one_is_unknown(innocigs, settings):
    settings.INNOCIGS_API = "xml"
    innocigs.post(XML, body=xml_reply(nok("A3", ("30001", "AS100AMZ nicht lieferbar")), ok("A1", 243, 1126708)))
    results = submit("A1", "A2", "A3")
    assert {n: r.state for n, r in results.items()} == {"A1": S.ACCEPTED, "A2": S.UNKNOWN, "A3": S.REFUSED}
    assert Order.objects.get(number="A1").partner_reference == "243"
    assert "did not mention" in results["A2"].message
    form = dict(parse_qsl(innocigs.calls[0].request.body))
    assert (form["cid"], form["auth"], form["command"]) == ("4711", "not-a-real-password", "dropship")
    assert form["xml"].count("<DROPSHIP>") == 3


@pytest.mark.parametrize("codes", [["20000"], ["20011", "20005"]])
def test_already_received_codes_make_the_order_unknown_not_refused(innocigs, settings, codes):
    settings.INNOCIGS_API = "xml"
    innocigs.post(XML, body=xml_reply(nok("A1", *((code, "Fehler") for code in codes)), ok("A2", 244, 1126709)))
    results = submit("A1", "A2")
    assert (results["A1"].state, results["A2"].state) == (S.UNKNOWN, S.ACCEPTED)
    submission = Submission.objects.get(order__number="A1")
    assert submission.errors[0]["code"] == codes[0] and "reconcile" in submission.message


def test_20011_alone_is_accepted_with_the_reference_pending(innocigs, settings):
    settings.INNOCIGS_API = "xml"
    innocigs.post(XML, body=xml_reply(nok("A1", ("20011", "Dropship #1 : Bestellnummer wurde bereits verwendet.")),
                                      ok("A2", 244, 1126709)))
    results = submit("A1", "A2")
    assert (results["A1"].state, results["A2"].state) == (S.ACCEPTED, S.ACCEPTED)
    submission = Submission.objects.get(order__number="A1")
    assert (submission.partner_reference, submission.errors) == ("", [])
    assert "reference pending" in submission.message and "20011" in submission.message
    assert Order.objects.get(number="A1").status == Order.Status.SUBMITTED


def test_unconfirmed_dropships_are_on_the_dashboard_with_a_link_to_the_order_list(innocigs, settings, admin_client):
    settings.INNOCIGS_UNCONFIRMED_DAYS = 2
    innocigs.post(REST, json={"DROPSHIPPING": {"DROPSHIP": {
        "ORDERS_NUMBER": "A1", "STATUS": "NOK", "MESSAGE": "Dropship fehlgeschlagen", "DROPSHIP_ID": -1,
        "ORDERS_ID": -1, "ERRORS": {"ERROR": [{"CODE": 20011, "MESSAGE": "Bestellnummer bereits verwendet"}]}}}})
    assert submit("A1")["A1"].state == S.ACCEPTED
    Submission.objects.update(finished_at=timezone.now() - timedelta(days=2, hours=1))
    html = admin_client.get("/admin/").content.decode()
    link = "/admin/orders/order/?reference_pending=2"
    assert link in html and "dropships without a dropship number after 2 days" in html
    listed = admin_client.get(link).content.decode()
    assert ">A1<" in listed
    Submission.objects.update(finished_at=timezone.now() - timedelta(days=1))
    assert ">A1<" not in admin_client.get(link).content.decode()


def test_a_top_level_20000_is_unknown_too(innocigs, settings):
    settings.INNOCIGS_API = "xml"
    innocigs.post(XML, body="<INNOCIGS_API_RESPONSE><ERRORS><ERROR><CODE>20000</CODE><MESSAGE>XML bereits "
                            "hochgeladen</MESSAGE></ERROR></ERRORS></INNOCIGS_API_RESPONSE>")
    assert {r.state for r in submit("A1", "A2").values()} == {S.UNKNOWN}


@pytest.mark.parametrize("code", ["10000", "10001", "10007", "10008", "50000", "50001", "50003", "50004"])
def test_batch_level_errors_leave_every_order_untouched_and_retryable(innocigs, settings, code):
    settings.INNOCIGS_API = "xml"
    innocigs.post(XML, body=f"<INNOCIGS_API_RESPONSE><ERRORS><ERROR><CODE>{code}</CODE><MESSAGE>Fehler</MESSAGE>"
                            "</ERROR></ERRORS></INNOCIGS_API_RESPONSE>")
    results = submit("A1", "A2")
    assert {r.state for r in results.values()} == {"not_sent"}
    assert all(code in r.message for r in results.values())
    assert set(Submission.objects.values_list("state", flat=True)) == {S.READY}
    assert set(Order.objects.values_list("status", "submission_state")) == {("ready", "ready")}


def test_batch_level_errors_inside_every_dropship_are_batch_level_too(innocigs, settings):
    settings.INNOCIGS_API = "xml"
    blocked = ("10007", "Zahlung gesperrt")
    innocigs.post(XML, body=xml_reply(nok("A1", blocked), nok("A2", blocked)))
    assert {r.state for r in submit("A1", "A2").values()} == {"not_sent"}
    assert set(Submission.objects.values_list("state", flat=True)) == {S.READY}


@pytest.mark.parametrize("code", ["10005", "10006"])
def test_an_invalid_sender_in_any_dropship_leaves_the_whole_batch_ready_and_the_dashboard_says_why(
        innocigs, settings, code):
    settings.INNOCIGS_API = "xml"
    sender = (code, "Ungültiger Versender")
    innocigs.post(XML, body=xml_reply(nok("A1", sender, ("20005", "Empfänger")),
                                      nok("A2", ("30001", "nicht lieferbar")), nok("A3", sender)))
    results = submit("A1", "A2", "A3")
    assert {r.state for r in results.values()} == {"not_sent"}
    assert all(code in r.message for r in results.values())
    assert set(Submission.objects.values_list("state", flat=True)) == {S.READY}
    assert set(Order.objects.values_list("status", "submission_state")) == {("ready", "ready")}
    health = PartnerHealth.objects.get(partner="innocigs")
    assert not health.ok
    assert health.detail.startswith("InnoCigs refused the account, so no dropship was sent: Invalid sender.")
    assert "sender address" in health.detail and code in health.detail

    innocigs.replace(responses.POST, XML, body=xml_reply(ok("A4", 244, 1126709)))
    assert submit("A4")["A4"].state == S.ACCEPTED
    assert PartnerHealth.objects.get(partner="innocigs").ok


def test_a_top_level_invalid_sender_goes_on_the_dashboard_too(innocigs):
    innocigs.post(REST, json={"ERRORS": {"ERROR": [{"CODE": 10006, "MESSAGE": "Ungültiger Versender"}]}})
    assert submit("A1")["A1"].state == "not_sent"
    assert Submission.objects.get().state == S.READY
    assert "Invalid sender." in PartnerHealth.objects.get(partner="innocigs").detail


@pytest.mark.parametrize("status", [429, 503])
def test_overload_and_maintenance_are_batch_level(innocigs, status):
    innocigs.post(REST, status=status, body="Wartung", headers={"Retry-After": "600"})
    before = timezone.now()
    [result] = submit("A1").values()
    assert result.state == "not_sent" and f"HTTP {status}" in result.message and "asks to wait 10 min" in result.message
    submission = Submission.objects.get()
    assert submission.state == S.READY and submission.retry_at >= before + timedelta(seconds=600)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_server_error_after_a_dropship_leaves_the_outcome_unknown(innocigs, status):
    innocigs.post(REST, status=status, body="Bad gateway")
    [result] = submit("A1").values()
    assert result.state == S.UNKNOWN and f"HTTP {status}" in result.message
    assert Submission.objects.get().state == S.UNKNOWN


@pytest.mark.parametrize(("api", "body"), [
    ("rest", "<html>Fehler</html>"),
    ("rest", json.dumps({"SOMETHING": {}})),
    ("xml", "<INNOCIGS_API_RESPONSE><DROPSHIPPING>"),
    ("xml", "<INNOCIGS_API_RESPONSE><OTHER/></INNOCIGS_API_RESPONSE>"),
])
def test_a_malformed_reply_leaves_the_outcome_unknown(innocigs, settings, api, body):
    settings.INNOCIGS_API = api
    innocigs.post(REST if api == "rest" else XML, body=body)
    [result] = submit("A1").values()
    assert result.state == S.UNKNOWN
    assert Submission.objects.get().state == S.UNKNOWN


def test_a_status_that_is_neither_ok_nor_nok_is_unknown(innocigs):
    innocigs.post(REST, json={"DROPSHIPPING": {"DROPSHIP": {"ORDERS_NUMBER": "A1", "STATUS": "PENDING"}}})
    [result] = submit("A1").values()
    assert result.state == S.UNKNOWN and "PENDING" in result.message


def test_no_reply_leaves_the_outcome_unknown(innocigs):
    innocigs.post(REST, body=requests.exceptions.ReadTimeout("read timed out"))
    [result] = submit("A1").values()
    assert result.state == S.UNKNOWN
    assert len(innocigs.calls) == 1  # a POST that may have arrived is never retried


def test_reply_shapes_from_both_apis_read_the_same():
    rest = parse.dropship_results({"DROPSHIPPING": {"DROPSHIP": {
        "ORDERS_NUMBER": " A1 ", "STATUS": "nok", "MESSAGE": "Dropship fehlgeschlagen",
        "DROPSHIP_ID": -1, "ORDERS_ID": -1,
        "ERRORS": {"ERROR": {"CODE": 20005, "MESSAGE": "Empfänger-Daten für Dropship #1 unvollständig."}}}}})
    xml = parse.dropship_results(element_to_dict(parse_xml(xml_reply(
        nok("A1", ("20005", "Empfänger-Daten für Dropship #1 unvollständig."))))))
    assert rest == xml
    assert rest[0].codes == {"20005"} and rest[0].dropship_id == "" and not rest[0].ok


def test_a_batch_prepared_in_both_modes_sends_each_mode_apart_and_loses_no_outcome(innocigs, settings):
    from orders.services.submissions import submission_prepare, submissions_send

    settings.INNOCIGS_API = "xml"
    settings.INNOCIGS_TEST_MODE = True
    tested = submission_prepare(order=make_order("A1"), actor="user:alice")
    settings.INNOCIGS_TEST_MODE = False  # switched off while A1 was still waiting
    live = submission_prepare(order=make_order("A2"), actor="user:alice")
    innocigs.post(XML, body=xml_reply(ok("A1", -1, -1)))
    innocigs.post(XML, body="<INNOCIGS_API_RESPONSE><ERRORS><ERROR><CODE>50001</CODE><MESSAGE>Wartung</MESSAGE>"
                            "</ERROR></ERRORS></INNOCIGS_API_RESPONSE>")
    results = {r.order_number: r.state for r in submissions_send(submission_ids=[tested.pk, live.pk],
                                                                  actor="user:alice")}
    assert results == {"A1": S.TEST_OK, "A2": S.READY}
    assert [dict(parse_qsl(c.request.body)).get("modus") for c in innocigs.calls] == ["test", None]
    assert Submission.objects.get(pk=live.pk).state == S.READY


def test_the_confirmation_preview_says_how_it_will_be_sent(settings):
    from suppliers.innocigs.adapter import InnocigsDropshipAdapter

    order = make_order("A1", lines=[("IC10000AIO-10", 2), ("12M100L10-BG-0", 1)])
    settings.INNOCIGS_API = "xml"
    settings.INNOCIGS_TEST_MODE = True
    assert InnocigsDropshipAdapter().preview(order) == [
        ("InnoCigs API", "XML, up to 25 dropships per request"), ("Products", "2 lines, 3 pieces"),
        ("Test mode", "InnoCigs validates only; nothing is placed")]
