"""No InnoCigs reply crashes a submission or a sync, nothing it stores breaks the database, and what a sync stores is
what InnoCigs sent (the other partners: test_syncs.py)."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from orders.models import Order, Submission
from orders.services.submissions import orders_submit, submission_reconcile
from shipping.tracking import TrackingSyncFailed, tracking_url
from suppliers.innocigs.deliveries import DeliverySyncFailed, delivery_notes_sync
from suppliers.innocigs.models import DeliveryNote, DeliveryNoteItem, Restock
from suppliers.innocigs.standard_orders import standard_order_create, standard_order_send
from suppliers.innocigs.tracking import tracking_sync as innocigs_tracking_sync
from suppliers.models import Product
from tests.suppliers.innocigs.factories import PRODUCTS, SENDER, make_restock
from tests.suppliers.innocigs.factories import make_order as innocigs_order

from . import examples as ex
from . import innocigs_values
from .replies import serving
from .stored_rows import DAY, SYNC, S, assert_rows_fit, assert_submissions_settled, undone
from .strategies import garbage, json_bytes, mutated, poisoned, xml_bytes

pytestmark = pytest.mark.django_db

# --- InnoCigs ---------------------------------------------------------------------------------------------

@pytest.fixture
def innocigs(partners):
    partners.SHOP_SENDER = dict(SENDER)
    for model, stock in PRODUCTS.items():
        Product.objects.create(model=model, name=model, stock_quantity=stock)
    return partners


def innocigs_replies(*documented):
    """(api, body): a documented reply of either API, mutated, or no reply at all."""
    def rendered(api):
        shapes = st.sampled_from(documented).flatmap(lambda shape: st.just(shape) | mutated(shape) | poisoned(shape))
        return st.tuples(st.just(api), (shapes.map(json_bytes) if api == "rest" else shapes.flatmap(xml_bytes))
                         | garbage)

    return st.sampled_from(["rest", "xml"]).flatmap(rendered)


def _dropship_ok(**dropship):
    return json_bytes({"DROPSHIPPING": {"DROPSHIP": {"ORDERS_NUMBER": "ORDER321", "STATUS": "OK", "MESSAGE": "ok",
                                                     "DROPSHIP_ID": 68, "ORDERS_ID": 77, **dropship}}})


# A DROPSHIP_ID or ORDERS_ID longer than the column, once stored as the order's partner reference
@example(reply=("rest", _dropship_ok(DROPSHIP_ID="6" * 300)))
@example(reply=("rest", _dropship_ok(ORDERS_ID="7" * 300, MESSAGE="\x00")))
@SYNC
@given(reply=innocigs_replies(ex.INNOCIGS_DROPSHIP, ex.INNOCIGS_TRACKING, ex.INNOCIGS_ERRORS))
def test_innocigs_dropship_submission_and_reconcile(innocigs, reply):
    api, body = reply
    innocigs.INNOCIGS_API = api
    with undone():
        orders = [innocigs_order(number) for number in (["ORDER321"] if api == "rest" else ["ORDER321", "ORDER324"])]
        with serving("innocigs", body, content_type="application/json" if api == "rest" else "text/xml"):
            results = orders_submit(orders=orders, partner="innocigs", actor="test")
            for submission in Submission.objects.filter(state=S.UNKNOWN):
                submission_reconcile(submission=submission, actor="test")
        assert {r.order_number for r in results} == {o.number for o in orders}
        assert_submissions_settled(orders)
        assert_rows_fit()


@example(reply=("rest", json_bytes({"ORDER": {"ORDERS_NUMBER": "RESTOCK-1", "STATUS": "OK", "ORDERS_ID": "9" * 50}})))
@SYNC
@given(reply=innocigs_replies(ex.INNOCIGS_ORDER, ex.INNOCIGS_ERRORS))
def test_innocigs_standard_order(innocigs, reply):
    api, body = reply
    innocigs.INNOCIGS_API = api
    with undone():
        restock = standard_order_create(lines=[("12M100L10-BG-0", 2)], actor="test", number="RESTOCK-1")
        with serving("innocigs", body, content_type="application/json" if api == "rest" else "text/xml"):
            order = standard_order_send(standard_order=restock, actor="test").submission
        assert order.state in ("ready", "accepted", "refused", "unknown", "test_ok") and order.message
        # Only a placed order has InnoCigs' ORDERS_ID; one put back or left open says why, and what to do.
        assert not order.partner_reference or order.state in ("accepted", "test_ok"), order.partner_reference
        assert order.state != "ready" or order.message.startswith("not sent"), order.message
        assert all(error["code"] or error["message"] for error in order.errors), order.errors
        assert_rows_fit()


def _tracking(**dropship):
    return json_bytes({"TRACKING": {"DROPSHIP": {"DROPSHIP_ID": "6", "ORDERS_NUMBER": "DS24", "DELIVERY_NUMBER": "S1",
                                                 "TRACKINGS": [{"TRACKINGINFO": {"CARRIER": "DHL", "CODE": "0034"}}],
                                                 **dropship}}})


# Carrier, tracking code and delivery number longer than their columns
@example(reply=("rest", _tracking(DELIVERY_NUMBER="S" * 300)))
@example(reply=("rest", _tracking(TRACKINGS=[{"TRACKINGINFO": {"CARRIER": "D" * 300, "CODE": "0" * 300}}])))
@SYNC
@given(reply=innocigs_replies(ex.INNOCIGS_TRACKING, ex.INNOCIGS_ERRORS))
def test_innocigs_tracking_sync(innocigs, reply):
    api, body = reply
    innocigs.INNOCIGS_API = api
    with undone():
        for number, state in (("DS24", S.ACCEPTED), ("DS25", S.UNKNOWN), ("DSX1", S.ACCEPTED)):
            order = innocigs_order(number)
            Submission.objects.create(order=order, partner="innocigs", reference=number, state=state,
                                      created_by="test", partner_reference="6" if number == "DS24" else "")
            Order.objects.filter(pk=order.pk).update(submission_state=state,
                                                     status="submitted" if state == S.ACCEPTED else "ready")
        with serving("innocigs", body, content_type="application/json" if api == "rest" else "text/xml"):
            try:
                assert innocigs_tracking_sync(actor="test", day=DAY)
            except TrackingSyncFailed as exc:
                assert "failed" in str(exc)
        assert_rows_fit()


def _delivery(**delivery):
    return json_bytes({"DELIVERIES": {"DELIVERY": {"DELIVERY_NUMBER": "S1", **delivery}}})


@example(reply=("rest", _delivery(DELIVERY_NUMBER="S" * 300)))
@example(reply=("rest", _delivery(INCLUDED_ORDERS={"ORDER": {"ORDERS_NUMBER": "O" * 300, "ORDERS_ID": "9" * 300,
                                                            "PRODUCTS": {"PRODUCT": {"PRODUCTS_MODEL": "M" * 300,
                                                                                     "QUANTITY": "9" * 30}}}})))
@SYNC
@given(reply=innocigs_replies(ex.INNOCIGS_DELIVERY, ex.INNOCIGS_ERRORS))
def test_innocigs_delivery_notes_sync(innocigs, reply):
    api, body = reply
    innocigs.INNOCIGS_API = api
    with undone():
        with serving("innocigs", body, content_type="application/json" if api == "rest" else "text/xml"):
            try:
                summary = delivery_notes_sync(actor="test", day=DAY)
            except DeliverySyncFailed as exc:  # the one day could not be read: nothing of it is stored
                assert "failed" in str(exc) and not DeliveryNote.objects.exists()
            else:  # every note read is stored once (a repeated number is "already known"), under the day asked
                new = DeliveryNote.objects.count()
                assert f"new {new}, already known" in summary, summary
                assert set(DeliveryNote.objects.values_list("day", flat=True)) <= {DAY}
        assert_rows_fit()


# --- Round trips: what a sync stores is what InnoCigs sent ------------------------------------------------------

@SYNC
@given(api=innocigs_values.APIS, result=innocigs_values.order_results(), test_mode=st.booleans(), data=st.data())
def test_a_standard_order_stores_the_result_innocigs_sent(innocigs, api, result, test_mode, data):
    """Placed: the ORDERS_ID and message as sent. Refused (codes that refuse the order itself, see
    REFUSAL_CODES): the message and every code with its message, as sent."""
    innocigs.INNOCIGS_API, innocigs.INNOCIGS_TEST_MODE = api, test_mode
    body = innocigs_values.rendered(innocigs_values.order_json(result, api, data.draw), api)
    with undone():
        restock = standard_order_create(lines=[("12M100L10-BG-0", 2)], actor="test", number=result.orders_number)
        with serving("innocigs", body, content_type=innocigs_values.content_type(api)):
            standard_order_send(standard_order=restock, actor="test")
        stored = Restock.objects.get(pk=restock.pk).submission
        if result.ok:
            placed = Submission.State.TEST_OK if test_mode else Submission.State.ACCEPTED
            # The message is ours (placed: ORDERS_ID …); a test-mode reply's ORDERS_ID is not kept.
            assert (stored.state, stored.partner_reference) == (placed, "" if test_mode else result.orders_id)
        else:
            assert (stored.state, stored.message) == (Submission.State.REFUSED, result.message)
        assert [(error["code"], error["message"]) for error in stored.errors] == [
            (issue.code, issue.message) for issue in result.issues]
        assert_rows_fit()


# Which of the orders a delivery note names are the shop's standard orders, and how the shop knows them.
FOREIGN, UNKNOWN, PLACED = "someone else's", "ours, sent without a reply", "ours, placed with its ORDERS_ID"


@st.composite
def delivered_pool(draw):
    """(ORDERS_NUMBER, ORDERS_ID, role) of the orders the notes may name: numbers and ids unique, so each names
    one order; an order placed before is known by its ORDERS_ID (under another number of ours)."""
    numbers = draw(st.lists(innocigs_values.order_numbers, min_size=1, max_size=5, unique=True))
    ids = draw(st.lists(innocigs_values.compound_ids, min_size=len(numbers), max_size=len(numbers), unique=True))
    pool = []
    for number, orders_id in zip(numbers, ids, strict=True):
        role = draw(st.sampled_from([FOREIGN, UNKNOWN, PLACED]))
        pool.append((number, "" if role == UNKNOWN and draw(st.booleans()) else orders_id, role))
    return pool


@SYNC
@given(api=innocigs_values.APIS, pool=delivered_pool(), data=st.data())
def test_delivery_notes_are_stored_as_innocigs_sent_them(innocigs, api, pool, data):
    """Each note with its parcels, one row per delivered item (one per order without items) with order number,
    ORDERS_ID, article number and quantity as sent, linked to our standard order; an unknown one is settled."""
    innocigs.INNOCIGS_API = api
    notes = data.draw(innocigs_values.delivery_notes(st.sampled_from([(number, id_) for number, id_, _ in pool])))
    body = innocigs_values.rendered(innocigs_values.deliveries_json(notes, api, data.draw), api)
    with undone():
        ours = {}
        for index, (number, orders_id, role) in enumerate(pool):
            if role == UNKNOWN:
                ours[number] = make_restock(number, state=Submission.State.UNKNOWN)
            elif role == PLACED:  # known by its ORDERS_ID: our number for it is another
                ours[number] = make_restock(f"ours-{index}", state=Submission.State.ACCEPTED, orders_id=orders_id)
        with serving("innocigs", body, content_type=innocigs_values.content_type(api)):
            summary = delivery_notes_sync(actor="test", day=DAY)

        assert list(DeliveryNote.objects.order_by("id").values_list("number", "day", "parcels")) == [
            (note.delivery_number, DAY, [{"carrier": p.carrier, "code": p.code, "url": tracking_url(p.carrier, p.code)}
                                         for p in note.parcels]) for note in notes]
        sent_items = [(note.delivery_number, order.orders_number, order.orders_id, item.model if item else "",
                       item.quantity if item else None, ours[order.orders_number].pk if order.orders_number in ours
                       else None) for note in notes for order in note.orders for item in order.items or [None]]
        assert list(DeliveryNoteItem.objects.order_by("id").values_list(
            "delivery_note__number", "orders_number", "orders_id", "sku", "quantity", "restock")) == sent_items

        named = [order.orders_number for note in notes for order in note.orders]
        unknown = {number for number, _id, role in pool if role == UNKNOWN}
        settled = {number for number in named if number in unknown}
        for number, orders_id, role in pool:
            if role == FOREIGN:
                continue
            stored = ours[number].submission
            first_note = next((n.delivery_number for n in notes for o in n.orders if o.orders_number == number), None)
            if number in settled:  # placed, with the ORDERS_ID the note gave, naming the first note that names it
                assert (stored.state, stored.partner_reference) == (Submission.State.ACCEPTED, orders_id)
                assert first_note in stored.message
            else:
                before = Submission.State.UNKNOWN if role == UNKNOWN else Submission.State.ACCEPTED
                assert (stored.state, stored.partner_reference) == (before, "" if role == UNKNOWN else orders_id)
        assert (f"new {len(notes)}, already known 0, standard orders linked {sum(n in ours for n in named)}, "
                f"unknown standard orders settled {len(settled)}") in summary
        assert_rows_fit()
