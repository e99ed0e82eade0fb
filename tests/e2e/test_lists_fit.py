"""Every list staff work with fits a 1366 x 768 screen without scrolling sideways, with realistic long data,
with JavaScript on and off; long texts are cut and their whole text is on hover."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule, Task

from orders.models import Order, Submission
from shipping.innoship.models import CourierBooking
from shipping.meineinkauf.models import MeinEinkaufReturn, MeinEinkaufReturnItem
from suppliers.models import Product
from tests.orders import factories

from .browser import admin_login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Maximiliane Alexandra Müller-Lüdenscheidt-Oberhausen von und zu Schwarzenberg"
LONG_REASON = ("the article IC10000L10-TE-3-VERY-LONG-VARIANT is not in the catalogue, and the shipping address "
               "has no house number; the total of 1,249.00 EUR is over the partner's limit of 1,000.00 EUR")
LISTS = {
    "orders": "/admin/orders/order/",
    "products": "/admin/suppliers/product/",
    "shipments": "/admin/shipping/shipment/",
    "returns": "/admin/meineinkauf/meineinkaufreturn/",
    "queue successes": "/admin/django_q/success/",
    "queue failures": "/admin/django_q/failure/",
    "schedules": "/admin/django_q/schedule/",
}


def long_data():
    now = timezone.now()
    for i in range(3):
        held = factories.order(f"Z999-9999{i}-LONG-REFERENCE", route="innoship", last_name=LONG_NAME,
                               hold_reason=LONG_REASON, hold_checked_at=now, partner_reference="D-" + "7" * 30)
        booked = factories.shipment(held, f"JJD00012345678901234567{i}", url="https://www.dhl.de/track?code=1",
                                    carrier="DHL Paket International Premium")
        CourierBooking.objects.create(shipment=booked, price_total="12.40", price_currency="EUR")
        factories.shipment(held, f"00340434161094042557{i}", carrier="Deutsche Post DHL Group Warenpost")
        refused = factories.order(f"A10080000{i}", route="meineinkauf", country="CH", last_name=LONG_NAME)
        factories.submission(refused, state=Submission.State.REFUSED, errors=[
            {"code": "30001", "message": "Artikel ist ausverkauft", "explanation": LONG_REASON, "next_step": "x"}])
        Product.objects.create(model=f"IC10000L10-TE-3-{'X' * 40}-{i}", name=f"{LONG_NAME} Liquid Nachfüllflasche "
                               f"mit extra langem Namen {i}", manufacturer="InnoCigs Premium Manufacturing GmbH & Co",
                               stock_quantity=12, purchase_price="3.90", recommended_price="9.90")
        ret = MeinEinkaufReturn.objects.create(
            meineinkauf_id=1000 + i, reference=f"RET-{'8' * 40}-{i}", order=refused, processing_state="in_transit",
            carrier="Schweizerische Post International", tracking_number="99." + "1" * 40, transfer_date=now.date())
        MeinEinkaufReturnItem.objects.create(meineinkauf_return=ret, item_key=f"k{i}",
                                             article_number=f"IC10000L10-TE-3-{'Y' * 30}",
                                             article_name=LONG_NAME, reason="defect", state="received")
        for success in (True, False):
            Task.objects.create(
                id=f"{i}{int(success)}".ljust(32, "a"), name=f"sync-innocigs-tracking-{'very-long-' * 6}{i}",
                func="suppliers.innocigs.tasks.sync_tracking_for_every_open_order_in_the_last_thirty_days",
                group="tracking-sync-group-with-a-long-name", started=now - timedelta(minutes=5), stopped=now,
                success=success, result=None if success else "Traceback (most recent call last):\n  File x\n"
                "backoffice.errors.PartnerUnavailable: InnoCigs is in maintenance until 12:00 " + "x" * 200)
        Schedule.objects.create(name=f"Sync tracking of every open order at InnoCigs, very long title {i}",
                                func="suppliers.innocigs.tasks.sync_tracking_for_every_open_order_in_the_last_30_days",
                                schedule_type=Schedule.MINUTES, minutes=15, next_run=now)
    assert Order.objects.count() == 6


def assert_fits(page, name):
    widths = page.evaluate("""() => {
        const results = document.querySelector('#changelist .results');
        return {page: document.documentElement.scrollWidth, window: window.innerWidth,
                results: results ? results.scrollWidth : -1, frame: results ? results.clientWidth : -1,
                rows: document.querySelectorAll('#result_list tbody tr').length};
    }""")
    assert widths["rows"] > 0, f"the {name} list shows no rows"
    assert widths["page"] <= widths["window"], f"the {name} list scrolls sideways: {widths}"
    assert widths["results"] <= widths["frame"], f"the {name} list's table scrolls sideways: {widths}"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_every_list_fits_1366_pixels(browser, live_server, admin_user, javascript):
    long_data()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, java_script_enabled=javascript)
    try:
        page = context.new_page()
        admin_login(page, live_server.url)
        for name, path in LISTS.items():
            page.goto(live_server.url + path)
            screenshot(page, f"list-{name.replace(' ', '-')}-1366{'' if javascript else '-no-javascript'}")
            assert_fits(page, name)
        # a cut text keeps its whole text on hover
        page.goto(live_server.url + LISTS["orders"])
        customer = page.locator("#result_list td.field-customer .cut").first
        assert customer.get_attribute("title") == f"Jane {LONG_NAME}"
        assert customer.evaluate("e => e.scrollWidth > e.clientWidth")  # it is cut, not shown whole
        reason = page.locator("#result_list td.field-reason .cut").first
        assert reason.get_attribute("title") in (LONG_REASON,)
    finally:
        context.close()
