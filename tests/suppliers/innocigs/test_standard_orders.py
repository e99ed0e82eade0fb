"""Standard orders (restocks to the shop, orders on the route innocigs_restock) and delivery notes, through the
sandbox and the commands. The state InnoCigs "placed" is now the lifecycle's `accepted`."""

import json
from datetime import date
from urllib.parse import parse_qsl

import pytest
import requests
import responses
from django.core.management import CommandError, call_command
from lxml import etree

from backoffice.safexml import parse_xml
from backoffice.sandbox import state
from orders.models import Order, Submission
from suppliers.innocigs import parse_orders as parse
from suppliers.innocigs.deliveries import delivery_notes_sync
from suppliers.innocigs.models import DeliveryNote, DeliveryNoteItem, Restock
from suppliers.innocigs.parse import element_to_dict
from suppliers.innocigs.standard_orders import StandardOrderInvalid, standard_order_create, standard_order_send

from .factories import sandbox_book, ship_now

State = Submission.State


def place(lines=(("IC10000AIO-10", 10),), **options):
    """The restock's latest submission, after sending it once."""
    restock = standard_order_create(lines=list(lines), actor="user:alice", **options)
    return standard_order_send(standard_order=restock, actor="user:alice").submission


def send_again(submission):
    restock = Restock.objects.get(order=submission.order_id)
    return standard_order_send(standard_order=restock, actor="user:alice").submission


@pytest.mark.django_db(transaction=True)
def test_a_standard_order_is_placed_once_and_its_delivery_note_links_back(sandbox, products, api):
    order = place(carrier="UPS")
    restock = Restock.objects.get(order=order.order_id)
    assert order.reference == restock.number == f"RESTOCK-{restock.pk:06d}"
    placed = sandbox_book()["standard_orders"][order.reference]
    assert (order.state, order.partner_reference, placed["carrier"]) == (State.ACCEPTED, placed["orders_id"], "UPS")
    assert placed["receiver"]["COMPANY"] == "Dampfwerk Versand GmbH" and "TELEPHONE" not in placed["receiver"]
    assert send_again(order).state == State.ACCEPTED
    assert Order.objects.get(pk=order.order_id).status == Order.Status.SUBMITTED
    assert len(state.received("innocigs", "xml" if api == "xml" else "rest")) == 1

    ship_now(sandbox)
    summary = delivery_notes_sync(actor="command:sync_delivery_notes", days=1)
    assert "new 1, already known 0, standard orders linked 1" in summary
    note = DeliveryNote.objects.get()
    assert note.number == placed["shipped"]["delivery_number"]
    assert note.parcels == [{"carrier": "UPS", "code": placed["shipped"]["code"],
                             "url": f"https://www.ups.com/track?loc=de_DE&tracknum={placed['shipped']['code']}"}]
    assert list(note.items.values_list("restock__order__number", "sku", "quantity")) == [
        (order.reference, "IC10000AIO-10", 10)]
    assert "new 0, already known 1" in delivery_notes_sync(actor="command:sync_delivery_notes", days=1)
    assert DeliveryNoteItem.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_refused_standard_order_keeps_the_explained_errors(sandbox, products, api):
    order = place(lines=[("AS100AMZ", 3)])
    assert order.state == State.REFUSED
    assert [(e["code"], e["explanation"]) for e in order.errors] == [("30001", "Product not deliverable.")]


@pytest.mark.django_db(transaction=True)
def test_test_mode_places_nothing(sandbox, products, api, settings):
    settings.INNOCIGS_TEST_MODE = True
    assert place().state == State.TEST_OK
    assert sandbox_book()["standard_orders"] == {}


@pytest.mark.django_db(transaction=True)
def test_maintenance_leaves_it_ready_to_send_again(sandbox, products, api):
    with state.lock:
        sandbox_book()["fault"] = "50001"
    order = place()
    assert order.state == State.READY and "50001" in order.message
    with state.lock:
        sandbox_book()["fault"] = ""
    assert send_again(order).state == State.ACCEPTED


@pytest.mark.django_db
def test_problems_are_found_before_anything_is_created(products, settings):
    settings.SHOP_SENDER = {**settings.SHOP_SENDER, "postcode": "12"}
    with pytest.raises(StandardOrderInvalid) as invalid:
        standard_order_create(lines=[("NOPE-1", 1), ("IC10000AIO-10", 0)], carrier="DPD", actor="user:alice")
    assert [str(p) for p in invalid.value.problems] == [
        "SHOP_SENDER_POSTCODE: the postcode is 2 characters; InnoCigs needs at least 4",
        "Carrier: DPD is not offered; InnoCigs ships with DHL or UPS",
        "line 1 (NOPE-1): the article is not in the InnoCigs catalogue",
        "line 2 (IC10000AIO-10): quantity must be at least 1 (it is 0)",
    ]
    assert not Restock.objects.exists() and not Order.objects.exists()


@pytest.mark.django_db
def test_requests_carry_the_carrier_as_documented(products, settings):
    settings.INNOCIGS_BASE_URL = "https://innocigs.test"
    reply = {"ORDER": {"ORDERS_NUMBER": "R1", "STATUS": "OK", "MESSAGE": "Bestellung erfolgreich eingetragen",
                       "ORDERS_ID": 78}}
    with responses.RequestsMock() as mock:
        mock.post("https://innocigs.test/restapi/order", json=reply)
        assert place(carrier="UPS", number="R1").partner_reference == "78"
        request = mock.calls[0].request
        assert request.headers["shipping"] == "UPS"
        assert json.loads(request.body)["ORDER"]["DATA"]["ORDERS_NUMBER"] == "R1"

    settings.INNOCIGS_API = "xml"
    with responses.RequestsMock() as mock:
        mock.post("https://innocigs.test/xmlapi/apiv2.php", body=(
            "<INNOCIGS_API_RESPONSE><ORDER><ORDERS_NUMBER>R2</ORDERS_NUMBER><STATUS>OK</STATUS>"
            "<ORDERS_ID>1151607</ORDERS_ID></ORDER></INNOCIGS_API_RESPONSE>"))
        assert place(carrier="DHL", number="R2").partner_reference == "1151607"
        form = dict(parse_qsl(mock.calls[0].request.body))
        assert (form["command"], form["shipping"]) == ("order", "DHL")
        assert etree.fromstring(form["xml"].encode()).findtext("ORDER/DATA/ORDERS_NUMBER") == "R2"


@pytest.mark.django_db
def test_no_reply_is_unknown_until_a_delivery_note_names_it(products, settings):
    settings.INNOCIGS_BASE_URL = "https://innocigs.test"
    with responses.RequestsMock() as mock:
        mock.post("https://innocigs.test/restapi/order", body=requests.exceptions.ReadTimeout("timed out"))
        order = place(number="R9")
    assert order.state == State.UNKNOWN
    with responses.RequestsMock() as mock:
        mock.get("https://innocigs.test/restapi/delivery/2026-11-20", json={"DELIVERIES": {"DELIVERY": [{
            "DELIVERY_NUMBER": "S0448091",
            "TRACKINGS": {"TRACKING": [{"_attributes": {"carrier": "DHL", "tracking_code": "00340654321"}}]},
            "INCLUDED_ORDERS": [{"ORDER": {"ORDERS_NUMBER": "R9", "ORDERS_ID": "9903478-14645",
                                           "PRODUCTS": {"PRODUCT": [{"PRODUCTS_MODEL": "IC10000AIO-10",
                                                                     "QUANTITY": "10"}]}}}],
        }]}})
        assert "unknown standard orders settled 1" in delivery_notes_sync(actor="test", day=date(2026, 11, 20))
    order.refresh_from_db()
    assert (order.state, order.partner_reference) == (State.ACCEPTED, "9903478-14645")


def test_delivery_notes_read_the_same_from_both_apis():
    root = parse_xml("""<?xml version="1.0" encoding="utf-8"?><INNOCIGS_API_RESPONSE><DELIVERIES><DELIVERY>
      <RECEIVER><FIRSTNAME>Max</FIRSTNAME></RECEIVER><DELIVERY_NUMBER>S0000004</DELIVERY_NUMBER>
      <TRACKINGS><TRACKING carrier="DHL" tracking_code="ABC 123" /><TRACKING carrier="DHL" tracking_code="DEF" />
      </TRACKINGS>
      <INCLUDED_ORDERS><ORDER><ORDERS_NUMBER>ABC-123</ORDERS_NUMBER><ORDERS_ID>123456</ORDERS_ID>
        <PRODUCTS><PRODUCT><PRODUCTS_MODEL>IC100TEST-1</PRODUCTS_MODEL></PRODUCT></PRODUCTS></ORDER>
      </INCLUDED_ORDERS></DELIVERY></DELIVERIES></INNOCIGS_API_RESPONSE>""")
    [note] = parse.delivery_notes(element_to_dict(root))
    assert note == parse.DeliveryNoteData("S0000004", (parse.Parcel("DHL", "ABC123"), parse.Parcel("DHL", "DEF")), (
        parse.DeliveredOrder("ABC-123", "123456", (parse.DeliveredItem("IC100TEST-1", None),)),))


@pytest.mark.django_db(transaction=True)
def test_the_commands(sandbox, products, capsys):
    call_command("innocigs_standard_order", "IC10000AIO-10:4", "12M100L10-BG-0:2", "--carrier", "UPS",
                 "--number", "R-CMD-1")
    assert "R-CMD-1: Accepted" in capsys.readouterr().out
    call_command("innocigs_standard_order", "--number", "R-CMD-1")
    assert "R-CMD-1: Accepted" in capsys.readouterr().out
    assert len(sandbox_book()["standard_orders"]) == 1
    with pytest.raises(CommandError, match="30001"):
        call_command("innocigs_standard_order", "AS100AMZ:1")
    with pytest.raises(CommandError, match=r"line 1 \(NOPE-1\): the article is not in the InnoCigs catalogue"):
        call_command("innocigs_standard_order", "NOPE-1:1")

    ship_now(sandbox)
    call_command("sync_delivery_notes", "--days", "2")
    assert "new 1, already known 0, standard orders linked 1" in capsys.readouterr().out
    with pytest.raises(CommandError, match="at least 1"):
        call_command("sync_delivery_notes", "--days", "0")
