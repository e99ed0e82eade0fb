"""No partner reply crashes a submission or a sync, and nothing it stores breaks the database.

Each property runs the real service (the submission lifecycle, a tracking or returns sync, the Zonos
reconciliation) against a mutated reply, then checks every row the run left: it must fit its column (on
SQLite too, where nothing enforces lengths, so both databases find the same bugs). Each example runs in a
transaction that is rolled back afterwards, so examples do not see each other's rows.
"""

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backoffice.errors import PartnerError
from orders.models import Order, Submission
from orders.services.submissions import orders_submit, submission_reconcile
from orders.zonos.client import ZonosClient
from orders.zonos.services import zonos_reconcile
from shipping.innoship.tracking import tracking_sync as innoship_tracking_sync
from shipping.meineinkauf.models import MeinEinkaufSyncCursor
from shipping.meineinkauf.returns import returns_sync
from shipping.meineinkauf.tracking import tracking_sync as meineinkauf_tracking_sync
from shipping.models import Shipment
from shipping.tracking import TrackingSyncFailed, tracking_url
from suppliers.innocigs.deliveries import DeliverySyncFailed, delivery_notes_sync
from suppliers.innocigs.models import DeliveryNote, DeliveryNoteItem, Restock
from suppliers.innocigs.standard_orders import standard_order_create, standard_order_send
from suppliers.innocigs.tracking import tracking_sync as innocigs_tracking_sync
from suppliers.models import Product
from tests.shipping.innoship.conftest import make_order as innoship_order
from tests.shipping.meineinkauf.conftest import make_order as meineinkauf_order
from tests.suppliers.innocigs.factories import PRODUCTS, SENDER, make_restock
from tests.suppliers.innocigs.factories import make_order as innocigs_order
from tests.support import rolled_back

from . import examples as ex
from . import innocigs_values
from .replies import PROPERTY, SURROGATE, serving
from .strategies import garbage, json_bytes, mutated, poisoned, xml_bytes

pytestmark = pytest.mark.django_db
APPS = ("orders", "shipping", "suppliers", "backoffice", "innocigs", "innoship", "meineinkauf", "zonos")
S = Submission.State
DAY = date(2026, 11, 20)
SYNC = settings(PROPERTY, max_examples=50)


def undone():
    """Runs the example in a transaction that is rolled back afterwards (marked as the test's own)."""
    return rolled_back()


def _fits(field, value):
    """Why `value` cannot be stored in `field` on every supported database, or ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        if "\x00" in value or SURROGATE.search(value):
            return "NUL or a lone surrogate"
        if getattr(field, "max_length", None) and len(value) > field.max_length:
            return f"{len(value)} characters, the column holds {field.max_length}"
    if isinstance(field, models.IntegerField) and not isinstance(field, models.AutoField):
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        if not (low is None or low <= value) or not (high is None or value <= high):
            return f"{value} is outside {low}..{high}"
    if isinstance(field, models.DecimalField):
        decimal = Decimal(value)
        if not decimal.is_finite() or len(decimal.as_tuple().digits) > field.max_digits:
            return f"{value} does not fit {field.max_digits} digits"
    if isinstance(field, models.JSONField):
        return _json_fits(value)
    return ""


def _json_fits(value):
    if isinstance(value, str):
        return "NUL or a lone surrogate in JSON" if "\x00" in value or SURROGATE.search(value) else ""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} in JSON"
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return next((why for key, child in children for why in (_json_fits(key), _json_fits(child)) if why), "")


def assert_rows_fit():
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        fields = list(model._meta.concrete_fields)
        for row in model.objects.values_list(*(f.attname for f in fields)):
            for field, value in zip(fields, row, strict=True):
                why = _fits(field, value)
                assert not why, f"{model.__name__}.{field.name}: {why}"


def documented_or_mutated(*shapes):
    shape = st.sampled_from(shapes)
    return st.one_of(shape.map(json_bytes), shape.flatmap(mutated).map(json_bytes),
                     shape.flatmap(poisoned).map(json_bytes), garbage)


def said(run):
    """What a sync said: its summary, or the message of the PartnerError it raised (nothing could be read)."""
    try:
        return run()
    except PartnerError as exc:
        return exc.message


STATUS = st.sampled_from([200, 200, 200, 201, 400, 404, 422, 500, 503])
SETTLED = {S.READY, S.ACCEPTED, S.REFUSED, S.UNKNOWN, S.TEST_OK}


def assert_submissions_settled(orders):
    for order in Order.objects.filter(pk__in=[o.pk for o in orders]):
        submission = order.submissions.order_by("-attempt").first()
        assert submission is not None and submission.state in SETTLED, submission
        assert submission.state != S.READY or submission.message, "put back without a reason"
        assert (order.status == Order.Status.SUBMITTED) == (submission.state == S.ACCEPTED)


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


# --- Innoship ---------------------------------------------------------------------------------------------

def _booking(**fields):
    return json_bytes({**ex.INNOSHIP_BOOKING, **fields})


@example(body=_booking(CourierShipmentId="9" * 300), status=200)
@example(body=_booking(Courier=2**40), status=200)
@example(body=_booking(Price={"Amount": "1e30", "TotalAmount": 1e30, "Currency": "RONRON"}), status=200)
@example(body=_booking(TrackPageUrl="https://t.example/" + "x" * 600), status=200)
@SYNC
@given(body=documented_or_mutated(ex.INNOSHIP_BOOKING, ex.INNOSHIP_LOOKUP, *ex.INNOSHIP_ERRORS), status=STATUS)
def test_innoship_booking_and_reconcile(partners, body, status):
    with undone():
        order = innoship_order("A1001")
        with serving("innoship", body, status=status):
            orders_submit(orders=[order], partner="innoship", actor="test")
            for submission in Submission.objects.filter(state=S.UNKNOWN):
                submission_reconcile(submission=submission, actor="test")
        assert_submissions_settled([order])
        assert_rows_fit()


@example(body=json_bytes([{**ex.INNOSHIP_TRACKING[0], "currentStatusId": 10**50,
                           "history": [{"clientStatusId": 10**50, "eventDate": "2026-11-20T10:00:00"}]}]), status=200)
@SYNC
@given(body=documented_or_mutated(ex.INNOSHIP_TRACKING, *ex.INNOSHIP_ERRORS), status=STATUS)
def test_innoship_tracking_sync(partners, body, status):
    with undone():
        order = innoship_order("A1001", status="submitted")
        Shipment.objects.create(order=order, partner="innoship", carrier="Cargus", tracking_code="905230966",
                                courier_id=1)
        with serving("innoship", body, status=status):
            try:
                assert innoship_tracking_sync(actor="test")
            except TrackingSyncFailed as exc:  # a failed batch fails the run, with what was not reached
                assert "not reached" in str(exc)
        assert_rows_fit()


# --- MeinEinkauf ------------------------------------------------------------------------------------------

@example(body=json_bytes({"id": 2**40, "success": True}), status=201)
@SYNC
@given(body=documented_or_mutated(ex.MEINEINKAUF_REPLIES["created"], ex.MEINEINKAUF_REPLIES["refused"],
                                  ex.MEINEINKAUF_REPLIES["order"], ex.MEINEINKAUF_REPLIES["not_found"]),
       status=STATUS)
def test_meineinkauf_registration_and_reconcile(partners, body, status):
    with undone():
        order = meineinkauf_order("CH1001")
        with serving("meineinkauf", body, status=status):
            orders_submit(orders=[order], partner="meineinkauf", actor="test")
            for submission in Submission.objects.filter(state=S.UNKNOWN):
                submission_reconcile(submission=submission, actor="test")
        assert_submissions_settled([order])
        assert_rows_fit()


def _listed(key, entry, **page):
    return json_bytes({key: [entry], "success": True, "count": 1, "limit": 50, "offset": 0, **page})


# A count far beyond the entries sent, with a partner that ignores the offset: once an endless read
@example(body=_listed("orders", {**ex.MEINEINKAUF_ORDER, "orderNumber": "CH1001"}, count=10**9), status=200, days=None)
@example(body=_listed("orders", {**ex.MEINEINKAUF_ORDER, "orderNumber": "CH1001", "id": 2**40}), status=200, days=3)
@SYNC
@given(body=documented_or_mutated(ex.MEINEINKAUF_REPLIES["orders"], ex.MEINEINKAUF_REPLIES["refused"]),
       status=STATUS, days=st.sampled_from([None, 3]))
def test_meineinkauf_tracking_sync(partners, body, status, days):
    with undone():
        meineinkauf_order("CH1001", status="submitted")
        with serving("meineinkauf", body, status=status):
            assert said(lambda: meineinkauf_tracking_sync(actor="test", days=days))
        assert_rows_fit()


def test_a_partner_sending_the_same_page_forever_stops_the_read_and_keeps_the_cursor(partners):
    body = _listed("orders", {**ex.MEINEINKAUF_ORDER, "orderNumber": "CH1001"}, count=10**9)
    meineinkauf_order("CH1001", status="submitted")
    with serving("meineinkauf", body) as mock:
        summary = meineinkauf_tracking_sync(actor="test")
        assert len(mock.calls) == 4  # two pages of each feed, not a billion
    assert "sent the same entries again" in summary
    assert list(MeinEinkaufSyncCursor.objects.values_list("changed_until", flat=True)) == [None, None]


@example(body=_listed("returns", ex.MEINEINKAUF_RETURN, count=10**9), status=200, days=None)
@example(body=json_bytes({"errors": [{}]}), status=422, days=None)  # once a refusal without a word
@SYNC
@given(body=documented_or_mutated(ex.MEINEINKAUF_REPLIES["returns"], ex.MEINEINKAUF_REPLIES["refused"]),
       status=STATUS, days=st.sampled_from([None, 3]))
def test_meineinkauf_returns_sync(partners, body, status, days):
    with undone():
        meineinkauf_order("1518180120", status="delivered")
        with serving("meineinkauf", body, status=status):
            assert said(lambda: returns_sync(actor="test", days=days))
        assert_rows_fit()


# --- Zonos --------------------------------------------------------------------------------------------------

def _numbers(**row):
    return json_bytes({"orders": [{"id": "999-99991", "timestamp": "2015-01-01 00:33:14.0", "orderStatus": "X",
                                   **row}]})


@example(body=_numbers(orderStatus="IGLOBAL_" * 20), status=200)
@example(body=_numbers(merchantOrderId="Z" * 300), status=200)
@SYNC
@given(body=documented_or_mutated(ex.ZONOS_ORDER_NUMBERS, *ex.ZONOS_ERRORS), status=STATUS)
def test_zonos_reconciliation(partners, body, status):
    with undone():
        with serving("zonos", body, status=status):
            assert said(lambda: zonos_reconcile(actor="test", since_date=timezone.localdate() - timedelta(days=3),
                                                client=ZonosClient.from_settings()).summary())
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
