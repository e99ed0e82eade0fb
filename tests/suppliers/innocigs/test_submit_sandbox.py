"""Dropships through the one lifecycle against the sandbox over real HTTP, for both APIs."""

from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
from django.utils import timezone
from lxml import etree

from backoffice.models import PartnerExchange
from backoffice.sandbox import state
from orders.models import Order, Submission
from orders.services.submissions import orders_submit
from suppliers.innocigs.selectors import dropships_unconfirmed
from suppliers.innocigs.tracking import tracking_sync

from .factories import dropship_requests, make_order, sandbox_book, sandbox_holds, ship_now

S = Submission.State
pytestmark = pytest.mark.django_db(transaction=True)


def submit(*orders):
    return orders_submit(orders=list(orders), partner="innocigs", actor="user:alice")


def test_accepted_dropship_stores_references_and_resubmitting_sends_nothing(sandbox, products, api):
    order = make_order("A1001")
    [result] = submit(order)
    assert result.state == S.ACCEPTED
    submission = order.submissions.get()
    placed = sandbox_book()["dropships"]["A1001"]
    assert submission.partner_reference == str(placed["dropship_id"])
    assert submission.references == {"DROPSHIP_ID": str(placed["dropship_id"]),
                                      "ORDERS_ID": str(placed["orders_id"])}
    order.refresh_from_db()
    assert (order.status, order.partner_reference) == (Order.Status.SUBMITTED, str(placed["dropship_id"]))
    assert placed["receiver"] == {"FIRSTNAME": "Jane", "LASTNAME": "Doe", "STREET_ADDRESS": "Teststr. 23",
                                  "POSTCODE": "22761", "CITY": "Hamburg", "COUNTRY_CODE": "DE",
                                  "EMAIL": "jane@example.com", "BIRTHDAY": "23.6.1989"}

    [again] = submit(order)
    assert again.state == "skipped"
    assert [r["numbers"] for r in dropship_requests()] == [["A1001"]]
    exchange = PartnerExchange.objects.get(operation="dropship")
    assert (exchange.related, exchange.status_code) == (submission, 200)


def test_refusal_is_explained_and_a_fixed_order_is_a_new_attempt(sandbox, products, api):
    order = make_order("A1002", lines=[("AS100AMZ", 1), ("LOCAL-ONLY-1", 1)])
    [result] = submit(order)
    assert result.state == S.REFUSED
    refused = order.submissions.get()
    assert [(e["code"], e["message"]) for e in refused.errors] == [("30001", "AS100AMZ nicht lieferbar"),
                                                                   ("30003", "LOCAL-ONLY-1 unbekannt")]
    assert refused.errors[0]["explanation"] == "Product not deliverable."
    assert refused.errors[0]["next_step"].startswith("Replace or remove the line")
    assert "A1002" not in sandbox_book()["dropships"]

    order.lines.all().delete()
    order.lines.create(sku="IC10000AIO-10", quantity=1, unit_price="9.90")
    [result] = submit(order)
    assert result.state == S.ACCEPTED
    assert list(order.submissions.order_by("attempt").values_list("attempt", "state")) == [
        (1, S.REFUSED), (2, S.ACCEPTED)]
    assert len(dropship_requests()) == 2


def test_test_mode_validates_and_places_nothing(sandbox, products, api, settings):
    settings.INNOCIGS_TEST_MODE = True
    order = make_order("A1003")
    [result] = submit(order)
    assert result.state == S.TEST_OK
    submission = order.submissions.get()
    assert submission.test_mode and submission.partner_reference == ""
    order.refresh_from_db()
    assert order.status == Order.Status.READY
    assert sandbox_book()["dropships"] == {}
    assert dropship_requests() == [{"numbers": ["A1003"], "test": True}]

    settings.INNOCIGS_TEST_MODE = False
    [result] = submit(order)
    assert result.state == S.ACCEPTED and "A1003" in sandbox_book()["dropships"]


def test_xml_test_mode_travels_in_the_url_query_and_the_body(sandbox, products, settings):
    settings.INNOCIGS_API = "xml"
    settings.INNOCIGS_TEST_MODE = True
    [result] = submit(make_order("A1004"))
    assert result.state == S.TEST_OK
    [received] = [r for r in state.received("innocigs", "xml") if "command=dropship" in r.body]
    assert dict(parse_qsl(received.query)) == {"modus": "test"}
    assert dict(parse_qsl(received.body))["modus"] == "test"
    assert dropship_requests() == [{"numbers": ["A1004"], "test": True}]
    assert sandbox_book()["dropships"] == {}


def test_xml_batches_several_dropships_and_matches_results_by_orders_number(sandbox, products, settings):
    settings.INNOCIGS_API = "xml"
    settings.INNOCIGS_DROPSHIP_BATCH = 3
    orders = [make_order(f"B{i}") for i in range(4)]
    orders[1].lines.update(sku="AS100AMZ", quantity=1)
    results = submit(*orders)
    assert {r.order_number: r.state for r in results} == {
        "B0": S.ACCEPTED, "B1": S.REFUSED, "B2": S.ACCEPTED, "B3": S.ACCEPTED}
    assert [r["numbers"] for r in dropship_requests()] == [["B0", "B1", "B2"], ["B3"]]
    book = sandbox_book()["dropships"]
    for number in ("B0", "B2", "B3"):
        assert Order.objects.get(number=number).partner_reference == str(book[number]["dropship_id"])


def test_xml_request_is_the_documented_form_with_escaped_text(sandbox, products, settings):
    settings.INNOCIGS_API = "xml"
    order = make_order("A&<1>", first_name="Jörg \"J\" & <Sons>", last_name="O'Brien 😀", company="شركة الاختبار")
    [result] = submit(order)
    assert result.state == S.ACCEPTED
    [received] = [r for r in state.received("innocigs", "xml") if "command=dropship" in r.body]
    form = dict(parse_qsl(received.body))
    assert (form["cid"], form["command"]) == ("12345", "dropship")
    root = etree.fromstring(form["xml"].encode())
    assert root.tag == "INNOCIGS_API_REQUEST"
    assert root.findtext("DROPSHIPPING/DROPSHIP/DATA/ORDERS_NUMBER") == "A&<1>"
    receiver = root.find("DROPSHIPPING/DROPSHIP/DATA/RECEIVER")
    assert receiver.findtext("FIRSTNAME") == "Jörg \"J\" & <Sons>"
    assert receiver.findtext("LASTNAME") == "O'Brien 😀"
    assert receiver.findtext("COMPANY") == "شركة الاختبار"
    assert root.findtext("DROPSHIPPING/DROPSHIP/DATA/SHIPPER/COMPANY") == "Dampfwerk Versand GmbH"
    assert [(p.findtext("PRODUCTS_MODEL"), p.findtext("QUANTITY"))
            for p in root.iterfind("DROPSHIPPING/DROPSHIP/PRODUCTS/PRODUCT")] == [("12M100L10-BG-0", "2")]
    assert sandbox_book()["dropships"]["A&<1>"]["receiver"]["LASTNAME"] == "O'Brien 😀"


def test_maintenance_puts_every_order_back_untouched(sandbox, products, api):
    orders = [make_order("C1"), make_order("C2")]
    with state.lock:
        sandbox_book()["fault"] = "50001"
    results = submit(*orders)
    assert {r.state for r in results} == {"not_sent"}
    assert all("50001" in r.message for r in results)
    assert set(Submission.objects.values_list("state", flat=True)) == {S.READY}
    with state.lock:
        sandbox_book()["fault"] = ""
    results = submit(*orders)
    assert {r.state for r in results} == {S.ACCEPTED}
    assert Submission.objects.count() == 2


def test_an_invalid_sender_leaves_every_order_ready_and_the_dashboard_says_why(sandbox, products, api,
                                                                            admin_client):
    orders = [make_order("C5"), make_order("C6")]
    with state.lock:
        sandbox_book()["fault"] = "10005"
    results = submit(*orders)
    assert {r.state for r in results} == {"not_sent"}
    assert set(Submission.objects.values_list("state", flat=True)) == {S.READY}
    assert sandbox_book()["dropships"] == {}
    html = admin_client.get("/admin/").content.decode().split('id="partner-health"', 1)[1].split("</section>")[0]
    assert "InnoCigs refused the account, so no dropship was sent: Invalid sender." in html


def test_wrong_credentials_send_nothing(sandbox, products, api, settings):
    settings.INNOCIGS_PASSWORD = "wrong"
    order = make_order("C3")
    [result] = submit(order)
    assert result.state == "not_sent" and "10000" in result.message
    assert order.submissions.get().state == S.READY
    assert dropship_requests() == []


def test_a_reused_order_number_is_accepted_with_its_reference_pending_until_tracking_names_it(
        sandbox, products, api, settings):
    order = make_order("C4")
    sandbox_holds("C4")
    [result] = submit(order)
    assert result.state == S.ACCEPTED
    submission = order.submissions.get()
    assert submission.partner_reference == "" and submission.references == {}
    assert submission.message.startswith("accepted, reference pending: InnoCigs already has this order number")
    order.refresh_from_db()
    assert (order.status, order.partner_reference) == (Order.Status.SUBMITTED, "")

    later = timezone.now() + timedelta(days=settings.INNOCIGS_UNCONFIRMED_DAYS, minutes=1)
    assert list(dropships_unconfirmed(now=later)) == [order]
    assert list(dropships_unconfirmed()) == []

    ship_now(sandbox)
    tracking_sync(actor="schedule:sync_tracking_innocigs")
    submission.refresh_from_db()
    order.refresh_from_db()
    assert (submission.partner_reference, order.partner_reference) == ("77", "77")
    assert list(dropships_unconfirmed(now=later)) == []
