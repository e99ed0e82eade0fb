"""InnoCigs tracking by day: parcels recorded once, orders moved to shipped, unknowns and cancellations settled."""

from datetime import date, timedelta

import pytest
import responses
from django.utils import timezone

from backoffice.words import when
from orders.models import Order, OrderEvent, Submission
from orders.services.submissions import orders_submit
from shipping.models import Shipment
from shipping.tracking import TrackingSyncFailed
from suppliers.innocigs import parse_orders as parse
from suppliers.innocigs.parse import element_to_dict
from suppliers.innocigs.tracking import tracking_sync
from tests.support import control_headers

from .factories import make_order, sandbox_book, sandbox_holds, ship_now, unknown_submission

S = Submission.State


def sync(**kwargs):
    return tracking_sync(actor="schedule:sync_tracking_innocigs", **kwargs)


@pytest.mark.django_db(transaction=True)
def test_parcels_are_recorded_once_and_orders_move_to_shipped(sandbox, products, api):
    orders = [make_order("T1"), make_order("T2")]
    orders_submit(orders=orders, partner="innocigs", actor="user:alice")
    assert "new parcels 0" in sync(days=2)  # accepted, not shipped yet
    ship_now(sandbox)

    summary = sync(days=2)
    assert summary.startswith(f"InnoCigs tracking {when(timezone.localdate() - timedelta(days=1))} to ")
    assert "new parcels 2 (orders 2), already known 0" in summary
    book = sandbox_book()["dropships"]
    for order in orders:
        order.refresh_from_db()
        shipment = Shipment.objects.get(order=order)
        shipped = book[order.number]["shipped"]
        assert order.status == Order.Status.SHIPPED
        assert (shipment.carrier, shipment.tracking_code, shipment.delivery_number) == (
            "DHL", shipped["code"], shipped["delivery_number"])
        assert shipment.tracking_url == (
            f"https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={shipped['code']}")
        assert shipment.submission == order.submissions.get()

    events, shipments = OrderEvent.objects.count(), list(Shipment.objects.values())
    assert "new parcels 0 (orders 0), already known 2" in sync(days=2)
    assert (OrderEvent.objects.count(), list(Shipment.objects.values())) == (events, shipments)


@pytest.mark.django_db(transaction=True)
def test_only_the_days_asked_for_are_read(sandbox, products, api):
    orders_submit(orders=[make_order("T1")], partner="innocigs", actor="user:alice")
    ship_now(sandbox)
    assert "new parcels 0" in sync(day=timezone.localdate() - timedelta(days=1))
    assert "new parcels 1" in sync(day=timezone.localdate())


@pytest.mark.django_db(transaction=True)
def test_an_unknown_submission_seen_in_tracking_is_settled(sandbox, products, api):
    order = make_order("T1")
    sandbox_holds("T1", dropship_id=602)
    unknown_submission(order)
    ship_now(sandbox)
    assert "unknown submissions settled 1" in sync(days=1)
    order.refresh_from_db()
    assert (order.submission_state, order.status, order.partner_reference) == (S.ACCEPTED, "shipped", "602")
    assert sandbox_book()["dropship_requests"] == []


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_ends_the_submission_and_gives_the_order_back(sandbox, products, api):
    import requests

    order = make_order("T1")
    orders_submit(orders=[order], partner="innocigs", actor="user:alice")
    requests.post(f"{sandbox}/innocigs/_control/cancel", data={"orders_number": "T1"}, headers=control_headers(),
                  timeout=10)
    assert "cancelled by InnoCigs 1" in sync(days=1)
    order.refresh_from_db()
    assert (order.status, order.submission_state) == (Order.Status.READY, S.CANCELLED)
    assert "InnoCigs cancelled the dropship" in order.submissions.get().message
    assert "cancelled by InnoCigs 0" in sync(days=1)


@pytest.mark.django_db(transaction=True)
def test_a_failed_day_is_reported_and_the_other_days_still_count(sandbox, products, monkeypatch):
    from backoffice.errors import PartnerUnavailable
    from suppliers.innocigs.client import InnocigsClient

    orders_submit(orders=[make_order("T1")], partner="innocigs", actor="user:alice")
    ship_now(sandbox)
    real = InnocigsClient.tracking_by_day
    yesterday = timezone.localdate() - timedelta(days=1)

    def flaky(self, day):
        if day == yesterday:
            raise PartnerUnavailable("innocigs is unavailable (HTTP 503)", partner="innocigs", code="http_503")
        return real(self, day)

    monkeypatch.setattr(InnocigsClient, "tracking_by_day", flaky)
    with pytest.raises(TrackingSyncFailed) as failed:
        sync(days=2)
    assert "new parcels 1" in str(failed.value)
    assert f"failed: {when(yesterday)}: innocigs is unavailable (HTTP 503)" in str(failed.value)
    assert Order.objects.get().status == Order.Status.SHIPPED


TRACKING_QUIRKS = {"TRACKING": {"DROPSHIP": {
    "DROPSHIP_ID": 7, "ORDERS_NUMBER": "T1", "DELIVERY_NUMBER": "S0447631",
    "TRACKINGS": {"TRACKINGINFO": [{"CARRIER": "DHL", "CODE": " 0034 0123 45 "},
                                   {"CARRIER": "UPS", "CODE": "1Z999AA10123456784"}]},
}, "CANCELLATION": {"DROPSHIP_ID": "8", "ORDERS_NUMBER": "DSX1", "MESSAGE": "Der Auftrag wurde storniert"}}}


def test_tracking_quirks_single_objects_nested_infos_and_spaced_codes():
    tracking = parse.tracking(TRACKING_QUIRKS)
    assert tracking.dropships == (parse.TrackedDropship("7", "T1", "S0447631", (
        parse.Parcel("DHL", "0034012345"), parse.Parcel("UPS", "1Z999AA10123456784"))),)
    assert tracking.cancellations == (parse.Cancellation("8", "DSX1", "Der Auftrag wurde storniert"),)
    assert parse.tracking({"TRACKING": ""}) == parse.Tracking()
    assert parse.tracking({"TRACKING": []}) == parse.Tracking()


def test_the_old_xml_tracking_with_several_infos_reads_the_same():
    from backoffice.safexml import parse_xml

    root = parse_xml("""<INNOCIGS_API_RESPONSE><TRACKING>
      <DROPSHIP><DROPSHIP_ID>37</DROPSHIP_ID><ORDERS_NUMBER>MX-001-0024</ORDERS_NUMBER>
        <TRACKINGS><TRACKINGINFO><CARRIER>DHL</CARRIER><CODE>D</CODE></TRACKINGINFO>
                   <TRACKINGINFO><CARRIER>DHL</CARRIER><CODE>A</CODE></TRACKINGINFO></TRACKINGS></DROPSHIP>
      <DROPSHIP><DROPSHIP_ID>38</DROPSHIP_ID><ORDERS_NUMBER>MX-001-0025</ORDERS_NUMBER>
        <TRACKINGS><TRACKINGINFO><CARRIER>DHL</CARRIER><CODE>D</CODE></TRACKINGINFO></TRACKINGS></DROPSHIP>
    </TRACKING></INNOCIGS_API_RESPONSE>""")
    tracking = parse.tracking(element_to_dict(root))
    assert [(d.orders_number, [p.code for p in d.parcels]) for d in tracking.dropships] == [
        ("MX-001-0024", ["D", "A"]), ("MX-001-0025", ["D"])]


@pytest.mark.django_db
def test_quirky_tracking_is_recorded_through_the_sync(products, settings):
    settings.INNOCIGS_BASE_URL = "https://innocigs.test"
    order = make_order("T1")
    Submission.objects.create(order=order, partner="innocigs", reference="T1", state=S.ACCEPTED,
                              partner_reference="7", created_by="test")
    Order.objects.filter(pk=order.pk).update(status=Order.Status.SUBMITTED)
    with responses.RequestsMock() as mock:
        mock.get("https://innocigs.test/restapi/tracking/2026-11-20", json=TRACKING_QUIRKS)
        summary = sync(day=date(2026, 11, 20))
    assert "new parcels 2 (orders 1)" in summary and "cancelled by InnoCigs 0" in summary
    assert sorted(Shipment.objects.values_list("carrier", "tracking_code", "tracking_url")) == [
        ("DHL", "0034012345", "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=0034012345"),
        ("UPS", "1Z999AA10123456784", "https://www.ups.com/track?loc=de_DE&tracknum=1Z999AA10123456784"),
    ]


@pytest.mark.django_db
def test_a_dropship_listed_without_its_orders_number_is_matched_by_dropship_id(products, settings):
    settings.INNOCIGS_BASE_URL = "https://innocigs.test"
    order = make_order("T1")
    Submission.objects.create(order=order, partner="innocigs", reference="T1", state=S.ACCEPTED,
                              partner_reference="7", created_by="test")
    reply = {"TRACKING": {"DROPSHIP": [
        {"DROPSHIP_ID": "7", "ORDERS_NUMBER": "", "DELIVERY_NUMBER": "S1",
         "TRACKINGS": [{"TRACKINGINFO": {"CARRIER": "DHL", "CODE": "111"}}]},
        {"DROPSHIP_ID": "8", "ORDERS_NUMBER": "SOMEONE-ELSE", "DELIVERY_NUMBER": "S2",
         "TRACKINGS": [{"TRACKINGINFO": {"CARRIER": "DHL", "CODE": "222"}}]},
    ]}}
    with responses.RequestsMock() as mock:
        mock.get("https://innocigs.test/restapi/tracking/2026-11-20", json=reply)
        summary = sync(day=date(2026, 11, 20))
    assert "new parcels 1 (orders 1)" in summary and "not matching an accepted dropship 1" in summary
    assert list(Shipment.objects.values_list("order__number", "tracking_code", "delivery_number")) == [
        ("T1", "111", "S1")]


def test_the_schedules_point_at_real_tasks():
    from django.utils.module_loading import import_string

    from suppliers.innocigs.partner import SPEC

    minutes = {s.name: s.minutes for s in SPEC.schedules}
    assert (minutes["sync_tracking_innocigs"], minutes["sync_delivery_notes_innocigs"]) == (60, 180)
    for spec in SPEC.schedules:
        assert callable(import_string(spec.func))
