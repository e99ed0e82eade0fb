"""In a real Chromium, JavaScript on and off: "Mark as handled" on the returns list and on a return's own page
asks for a note first, keeps it, and moves the order to returned."""

import pytest

from orders.models import Order
from shipping.meineinkauf.models import MeinEinkaufReturn
from tests.orders import factories

from .browser import assert_styled_page, click_and_wait, messages, run_action, screenshot, select_rows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LABEL = "Mark as handled (refund and goods settled)"


def a_return(number, reference):
    order = factories.order(number, route="meineinkauf", status=Order.Status.SHIPPED)
    return MeinEinkaufReturn.objects.create(meineinkauf_id=int(number[2:]), reference=reference, order=order,
                                            order_number=number, processing_state="transferred")


@pytest.mark.parametrize("page_fixture", ["staff_page", "no_js_page"], ids=["javascript", "no-javascript"])
def test_mark_handled_asks_for_a_note_on_the_list_and_on_the_returns_page(request, shop, page_fixture):
    page = request.getfixturevalue(page_fixture)
    listed, own = a_return("CH8001", "R-8001"), a_return("CH8002", "R-8002")

    page.goto(f"{shop}/admin/meineinkauf/meineinkaufreturn/")
    select_rows(page, "R-8001")
    run_action(page, LABEL)
    assert_styled_page(page)
    assert "R-8001" in page.inner_text("#returns-to-handle")
    assert MeinEinkaufReturn.objects.filter(handled_at__isnull=False).count() == 0  # nothing before the note
    page.fill("#id_note", "refund done")
    screenshot(page, f"return-handled-confirm-{page_fixture}")
    click_and_wait(page, "input[value='Yes, mark as handled']")
    assert ("success", "1 return marked as handled; its order is now returned.") in messages(page)
    assert Order.objects.get(pk=listed.order_id).status == Order.Status.RETURNED

    page.goto(f"{shop}/admin/meineinkauf/meineinkaufreturn/{own.pk}/change/")
    page.select_option("select[name='CHANGE_FORM-action']", label=LABEL)
    click_and_wait(page, "#meineinkaufreturn_form .actions button[name=index]")
    page.fill("#id_note", "goods checked, refund sent")
    click_and_wait(page, "input[value='Yes, mark as handled']")
    assert page.url.endswith(f"/admin/meineinkauf/meineinkaufreturn/{own.pk}/change/")
    assert "goods checked, refund sent" in page.inner_text("#content-main")
    assert Order.objects.get(pk=own.order_id).status == Order.Status.RETURNED
