"""The order page's header: badges, why it is stuck and what to do, the buttons that fit, and the links."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from orders.models import Order, Submission
from tests.orders import factories

S = Submission.State
LIST = reverse("admin:orders_order_changelist")


def cls(name):
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def find(element, path):
    """Elements by XPath, where `.x` stands for an element of class x (a short form of CSS's class selector)."""
    return element.xpath(re.sub(r"(\w*)\.([\w-]+)", lambda m: f"{m[1] or '*'}[{cls(m[2])}]", path))


def page(client, order):
    response = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert response.status_code == 200
    return html.fromstring(response.content)


def header(tree):
    found = tree.xpath("//*[@id='order-header']")
    assert len(found) == 1, "the order page has no header"
    return found[0]


def badges(tree):
    return {find(b, ".//.badge-label")[0].text_content().strip(" :"): (b.text_content().split(":", 1)[1].strip(),
                                                                         b.get("class").split("tone-")[1])
            for b in find(header(tree), ".//.badge")}


def buttons(tree):
    return {form.xpath(".//input[@name='action']")[0].get("value"): form.xpath(".//button")[0].text_content()
            for form in find(header(tree), ".//.header-actions/form")}


def links(tree):
    return {a.text_content(): a.get("href") for a in find(header(tree), ".//.header-links//a")}


def refused(number="A1008", **fields):
    order = factories.order(number, **fields)
    factories.submission(order, state=S.REFUSED, finished_at=timezone.now(), message="refused: 30001", errors=[
        {"code": "30001", "message": "Artikel IC1 ist ausverkauft", "field": "PRODUCTS_MODEL",
         "explanation": "The article is sold out at InnoCigs.", "next_step": "Replace the line, then submit again."}])
    return order


@pytest.mark.django_db
def test_a_refused_order_starts_with_the_partners_words_our_explanation_and_the_button(admin_client, partner):
    tree = page(admin_client, refused())
    top = header(tree)
    # the header comes before the edit form
    everything = list(tree.iter())
    assert everything.index(top) < everything.index(tree.xpath("//*[@id='order_form']")[0])
    assert top.xpath(".//h2")[0].text_content() == "A1008: Jane Doe (DE)"
    assert badges(tree) == {"Status": ("Ready to submit", "info"), "Partner outcome": ("Refused (InnoCigs)", "alert"),
                            "Route": ("InnoCigs dropship", "neutral")}
    trouble = find(top, ".//.trouble")[0]
    assert trouble.xpath(".//h3")[0].text_content() == "Refused by InnoCigs"
    assert find(trouble, ".//.error-code")[0].text_content() == "30001"
    assert trouble.xpath(".//q")[0].text_content() == "Artikel IC1 ist ausverkauft"  # as the partner sent it
    assert "The article is sold out at InnoCigs." in find(trouble, ".//.reason")[0].text_content()
    assert "Replace the line, then submit again." in find(trouble, ".//.next-step")[0].text_content()
    assert buttons(tree) == {"submit_innocigs": "Submit to InnoCigs"}
    assert find(top, ".//.header-actions/form")[0].get("method") == "post"
    assert find(top, ".//.header-actions/form")[0].get("action") == LIST
    assert "Exchanges with partners about this order" in links(tree)


@pytest.mark.django_db
def test_the_button_posts_to_the_list_which_shows_what_will_be_sent_before_anything_is(admin_client, partner):
    order = refused()
    response = admin_client.post(LIST, {"action": "submit_innocigs", "_selected_action": order.pk, "index": 0})
    assert response.status_code == 200
    assert "what will be sent" in response.content.decode()
    assert partner.sent == []


@pytest.mark.django_db
def test_an_order_held_back_says_why_and_what_to_do(admin_client, partner):
    order = factories.order("A1002", hold_reason="the article XY-1 is not in the catalogue",
                            hold_checked_at=timezone.now())
    tree = page(admin_client, order)
    assert badges(tree)["Sending"] == ("Held back", "warn")
    trouble = find(header(tree), ".//.trouble")[0]
    assert "the article XY-1 is not in the catalogue" in trouble.text_content()
    assert "Correct the order (or wait for stock), then submit it again." in trouble.text_content()
    assert buttons(tree) == {"submit_innocigs": "Submit to InnoCigs"}


@pytest.mark.django_db
def test_a_submitted_order_offers_no_second_submit_but_its_parcels_and_delivery(admin_client, partner):
    order = factories.order("A1", status=Order.Status.SUBMITTED)
    factories.submission(order, state=S.ACCEPTED, partner_reference="D-1")
    factories.shipment(order, "00340434161094042557")
    tree = page(admin_client, order)
    assert badges(tree)["Partner outcome"] == ("Accepted (InnoCigs)", "ok")
    assert find(header(tree), ".//.trouble") == []
    assert buttons(tree) == {}
    found = links(tree)
    assert found["Shipment (1)"] == f"{reverse('admin:shipping_shipment_changelist')}?order__id__exact={order.pk}"
    assert found["Mark as delivered"] == reverse("admin:orders_order_mark_delivered", args=[order.pk])
    listed = admin_client.get(found["Shipment (1)"])
    assert [s.tracking_code for s in listed.context["cl"].result_list] == ["00340434161094042557"]


@pytest.mark.django_db
def test_an_unknown_outcome_offers_reconcile_and_never_a_new_submit(admin_client, partner):
    order = factories.order("A1009")
    factories.submission(order, state=S.UNKNOWN, message="no reply from InnoCigs")
    tree = page(admin_client, order)
    assert buttons(tree) == {"reconcile_unknown": "Reconcile the unknown outcome with the partner"}
    assert "no reply from InnoCigs" in find(header(tree), ".//.trouble//.reason")[0].text_content()


@pytest.mark.django_db
def test_a_swiss_order_whose_first_leg_was_accepted_offers_its_registration_only(admin_client, partner):
    order = factories.order("A1011", route="meineinkauf", country="CH", status=Order.Status.SUBMITTED)
    factories.submission(order, state=S.ACCEPTED, partner="innocigs")
    assert buttons(page(admin_client, order)) == {"register_meineinkauf": "Register with MeinEinkauf"}


@pytest.mark.django_db
def test_the_buttons_follow_the_users_permissions(client, staff, partner):
    order = refused()
    client.force_login(staff())
    assert buttons(page(client, order)) == {}
    client.force_login(staff("submit_innocigs", username="carl"))
    assert buttons(page(client, order)) == {"submit_innocigs": "Submit to InnoCigs"}


@pytest.mark.django_db
def test_a_courier_order_offers_the_courier_booking_not_the_dropship(admin_client, partner):
    order = factories.order("A1004", route="innoship")
    assert list(buttons(page(admin_client, order))) == ["book_innoship"]
