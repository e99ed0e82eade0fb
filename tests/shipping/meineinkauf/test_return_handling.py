"""Marking a MeinEinkauf return handled: a confirmation page with a required note, on the list and on the return's
page; the note is kept, the order moves to returned, and its history says who settled it and how."""

import pytest
from django.contrib.admin import ActionLocation
from django.urls import reverse

from orders.models import Order
from shipping.meineinkauf.models import MeinEinkaufReturn
from shipping.meineinkauf.returns import return_mark_handled
from tests.orders import factories

LIST = reverse("admin:meineinkauf_meineinkaufreturn_changelist")


def a_return(number="CH9001", *, status=Order.Status.SHIPPED, reference="R-9001"):
    order = factories.order(number, route="meineinkauf", status=status)
    return MeinEinkaufReturn.objects.create(meineinkauf_id=int(number[2:]), reference=reference,
                                            order=order, order_number=number, processing_state="transferred")


def change_page(record):
    return reverse("admin:meineinkauf_meineinkaufreturn_change", args=[record.pk])


@pytest.mark.django_db
def test_the_service_keeps_the_note_moves_the_order_to_returned_once():
    record = a_return()
    assert return_mark_handled(meineinkauf_return=record, actor="user:alice", note="  refund done ")
    record.refresh_from_db()
    assert (record.handled_by, record.handled_note) == ("user:alice", "refund done")
    order = Order.objects.get(pk=record.order_id)
    assert order.status == Order.Status.RETURNED
    event = order.events.get(to_state="returned")
    assert (event.from_state, event.actor) == ("shipped", "user:alice") and "R-9001" in event.note
    assert "refund done" in event.note
    assert not return_mark_handled(meineinkauf_return=record, actor="user:bob", note="again")
    record.refresh_from_db()
    assert record.handled_note == "refund done" and order.events.count() == 1


@pytest.mark.django_db
def test_an_order_that_cannot_move_to_returned_keeps_its_status_and_gets_a_note():
    record = a_return(status=Order.Status.READY)
    return_mark_handled(meineinkauf_return=record, actor="user:alice", note="goods back, never sent")
    order = Order.objects.get(pk=record.order_id)
    assert order.status == Order.Status.READY
    assert "goods back, never sent" in order.events.get().note


def test_a_note_is_required():
    with pytest.raises(ValueError, match="note"):
        return_mark_handled(meineinkauf_return=MeinEinkaufReturn(), actor="user:alice", note="  ")


@pytest.mark.django_db
def test_from_the_list_a_confirmation_page_asks_for_the_note_first(admin_client):
    record, other = a_return(), a_return("CH9002", reference="R-9002")
    page = admin_client.post(LIST, {"action": "mark_handled", "_selected_action": [record.pk, other.pk]})
    content = page.content.decode()
    assert page.status_code == 200 and 'name="note"' in content and "R-9001" in content and "R-9002" in content
    assert 'name="post" value="yes"' in content and not MeinEinkaufReturn.objects.filter(handled_at__isnull=False)
    blank = admin_client.post(LIST, {"action": "mark_handled", "_selected_action": [record.pk], "post": "yes",
                                     "note": " "})
    assert "Write how the return was settled" in blank.content.decode()
    assert not MeinEinkaufReturn.objects.filter(handled_at__isnull=False).exists()
    done = admin_client.post(LIST, {"action": "mark_handled", "_selected_action": [record.pk, other.pk],
                                    "post": "yes", "note": "refund done"}, follow=True)
    assert "2 returns marked as handled; their orders are now returned." in done.content.decode()
    assert set(Order.objects.values_list("status", flat=True)) == {"returned"}


@pytest.mark.django_db
def test_the_same_button_on_the_returns_page_comes_back_to_it_and_shows_the_note(admin_client):
    record = a_return()
    page = admin_client.get(change_page(record)).content.decode()
    assert 'value="mark_handled"' in page
    confirm = admin_client.post(change_page(record), {f"{ActionLocation.CHANGE_FORM.value}-action": "mark_handled",
                                                      "_selected_action": [record.pk]})
    content = confirm.content.decode()
    assert f'name="from_page" value="{record.pk}"' in content and 'name="note"' in content
    done = admin_client.post(LIST, {"action": "mark_handled", "_selected_action": [record.pk], "post": "yes",
                                    "note": "refund done", "from_page": record.pk})
    assert done.status_code == 302 and done["Location"] == change_page(record)
    page = admin_client.get(change_page(record)).content.decode()
    assert "refund done" in page


@pytest.mark.django_db
def test_without_the_permission_nothing_is_marked(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_meineinkaufreturn"))
    client.force_login(user)
    record = a_return()
    assert 'value="mark_handled"' not in client.get(change_page(record)).content.decode()
    client.post(LIST, {"action": "mark_handled", "_selected_action": [record.pk], "post": "yes", "note": "x"})
    assert not MeinEinkaufReturn.objects.filter(handled_at__isnull=False).exists()
