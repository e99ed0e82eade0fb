"""Issue 5 in a real Chromium: book couriers through Innoship in bulk, open the shipment, download its label,
cancel the booking through its confirmation step; a refused booking shows its field errors on the order page.
"""

import pytest
from pypdf import PdfReader

from shipping.innoship.sandbox import api as innoship_sandbox
from shipping.models import DeliveryState, Shipment

from .browser import assert_styled_page, click_and_wait, messages, run_action, screenshot, select_rows
from .journeys import import_orders, order_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BOOKED, REFUSED = "B3001", "B3002"


@pytest.fixture
def courier_orders(shop):
    """Two own-stock orders: one to a home address with cash on delivery, one to a locker Innoship does not know."""
    import_orders(
        order_data(BOOKED, route="innoship", lines=[("SHOP-KIT-01", 2), ("SHOP-COIL-05", 1)],
                   payment_type="cod", cash_on_delivery="49.90"),
        order_data(REFUSED, route="innoship", lines=[("SHOP-COIL-05", 1)], fixed_location_id="9999"),
    )


def test_book_open_the_shipment_download_the_label_and_cancel(staff_page, no_js_page, shop, tmp_path,
                                                              courier_orders):
    page = staff_page
    page.goto(f"{shop}/admin/orders/order/?route__exact=innoship")
    select_rows(page, BOOKED, REFUSED)
    run_action(page, "Book courier (Innoship)")
    assert_styled_page(page)

    # The confirmation says, per order, what the courier gets: parcels, weight, cash on delivery, service.
    assert page.locator("#will-send h2").inner_text() == "Will be sent: 2"
    booked_row = page.locator("#will-send tbody tr").filter(has=page.get_by_role("link", name=BOOKED, exact=True))
    preview = dict(zip(booked_row.locator("dt").all_inner_texts(), booked_row.locator("dd").all_inner_texts(),
                       strict=True))
    assert preview == {"Parcels": "1", "Weight": "0.360 kg",
                       "Cash on delivery": "49.90 EUR, paid out to Test Shop GmbH, Test Bank, IBAN DE… 3000",
                       "Service": "1 – National Standard, home delivery"}
    refused_row = page.locator("#will-send tbody tr").filter(has=page.get_by_role("link", name=REFUSED, exact=True))
    assert "locker / pick-up point 9999" in refused_row.inner_text()
    assert innoship_sandbox.bookings() == []
    screenshot(page, "courier-1-confirm")

    click_and_wait(page, "#content-main form input[type=submit]")
    said = messages(page)
    assert any(level == "success" and text.startswith(BOOKED) for level, text in said), said
    assert any(level == "error" and text.startswith(REFUSED) and "Unknown fixed location" in text
               for level, text in said), said
    screenshot(page, "courier-2-booked")

    # The refused booking: Innoship's field error, named in the shop's terms, on the order page.
    page.goto(f"{shop}/admin/orders/order/?q={REFUSED}")
    click_and_wait(page, f"#result_list a:text-is('{REFUSED}')")
    assert_styled_page(page)
    [error] = page.locator("#partner-panel .partner-errors tbody tr").all()
    cells = [cell.inner_text() for cell in error.locator("td").all()]
    assert cells[1:] == ["Unknown fixed location.", "addressTo.fixedLocationId",
                         "Innoship refused the locker or pick-up point.",
                         "Fix Locker or pick-up point on the order, then book again."]
    screenshot(page, "courier-3-refused")

    # The booked order's shipment page: AWB, courier, price, delivery date, track page and barcodes.
    [booking] = innoship_sandbox.bookings()
    awb = str(booking["awb"])
    page.goto(f"{shop}/admin/orders/order/?q={BOOKED}")
    click_and_wait(page, f"#result_list a:text-is('{BOOKED}')")
    tracking = page.locator("#tracking-panel tbody tr").first
    assert tracking.get_by_role("link", name=awb, exact=True).get_attribute("href").endswith(f"/innoship/track/{awb}")
    click_and_wait(page, "#tracking-panel a:text-is('shipment page')")
    assert_styled_page(page)
    assert page.locator(".field-tracking_code .readonly").inner_text() == awb
    assert page.locator(".field-carrier .readonly").inner_text() == "DHL Paket Germany"
    # Innoship's quote (4.90 + 0.80 per kg + 1.50 for cash on delivery, plus 19 % VAT), shown as quoted
    assert f"{booking['price']['TotalAmount']:.2f}" == "7.96"
    assert page.locator(".field-price_total .readonly").inner_text() == "7.96"
    assert page.locator(".field-price_currency .readonly").inner_text() == "EUR"
    assert page.locator(".field-expected_delivery .readonly").inner_text() not in ("", "-")
    assert page.locator(".field-barcodes .readonly").inner_text() == awb
    assert page.locator(".field-delivery_state .readonly").inner_text() == "Recorded"
    shipment_url = page.url
    screenshot(page, "courier-4-shipment")

    # The label downloads as a PDF (A6, as the settings say).
    with page.expect_download() as download:
        page.click("text=Download label (PDF)")
    label = tmp_path / download.value.suggested_filename
    download.value.save_as(label)
    assert label.read_bytes().startswith(b"%PDF")
    [sheet] = PdfReader(label).pages
    assert (round(sheet.mediabox.width), round(sheet.mediabox.height)) == (298, 420)

    # Cancelling asks first, and works with JavaScript off.
    page = no_js_page
    page.goto(shipment_url)
    click_and_wait(page, "text=Cancel booking")
    assert_styled_page(page)
    assert f"AWB {awb}" in page.locator("#content").inner_text()
    assert not Shipment.objects.filter(delivery_state=DeliveryState.CANCELLED).exists()
    screenshot(page, "courier-5-cancel-confirm")
    click_and_wait(page, "input[value='Yes, cancel the booking']")
    assert_styled_page(page)
    assert messages(page) == [("success", f"Booking DHL Paket Germany {awb} cancelled; order {BOOKED} is ready to "
                                          "be booked again.")]
    assert page.locator(".field-delivery_state .readonly").inner_text() == "Cancelled"
    assert page.locator("text=Download label (PDF)").count() == 0
    assert page.locator("text=Cancel booking").count() == 0
    assert innoship_sandbox.bookings()[0]["cancelled"]
    screenshot(page, "courier-6-cancelled")
