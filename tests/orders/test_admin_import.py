"""The import page: a plain form that works without JavaScript and shows the report."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orders import forms as order_forms
from orders.models import Order
from tests.orders.test_importing import csv_text, order_data

URL = reverse("admin:orders_order_import")


def upload(client, orders, *, name="orders.json", dry_run=False, content=None):
    content = content if content is not None else json.dumps({"orders": orders}).encode()
    data = {"file": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(URL, data)


@pytest.mark.django_db
def test_the_list_links_to_the_import_page_for_those_who_may_import(admin_client, client, staff):
    assert URL in admin_client.get(reverse("admin:orders_order_changelist")).content.decode()
    assert 'enctype="multipart/form-data"' in admin_client.get(URL).content.decode()
    client.force_login(staff())
    assert URL not in client.get(reverse("admin:orders_order_changelist")).content.decode()
    assert client.get(URL).status_code == 403
    assert upload(client, [order_data()]).status_code == 403
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_uploading_shows_the_report_per_order_and_again_changes_nothing(client, staff):
    client.force_login(staff("import_orders"))
    bad = order_data("A2")
    bad["lines"][1]["quantity"] = 0
    content = upload(client, [order_data("A1"), bad]).content.decode()
    assert "1 created, 0 unchanged, 0 conflicting, 1 invalid" in content
    assert "Quantity (line 2): must be a positive whole number" in content
    order = Order.objects.get()
    assert reverse("admin:orders_order_change", args=[order.pk]) in content
    assert order.events.get().actor == "user:bob"
    content = upload(client, [order_data("A1")]).content.decode()
    assert "0 created, 1 unchanged, 0 conflicting, 0 invalid: nothing to do" in content


@pytest.mark.django_db
def test_a_dry_run_and_a_csv_upload(admin_client):
    content = upload(admin_client, [order_data("A1")], dry_run=True).content.decode()
    assert "1 would be created" in content and not Order.objects.exists()
    csv = csv_text("IC10000L10-TE-3,Liquid,2,12.50,19,120").encode()
    content = upload(admin_client, None, name="orders.csv", content=csv).content.decode()
    assert "1 created" in content and Order.objects.get().number == "A1001"


@pytest.mark.django_db
def test_a_broken_or_too_big_file_is_refused_with_a_message(admin_client, monkeypatch):
    content = upload(admin_client, None, content=b'{"orders": [').content.decode()
    assert "Nothing imported: not valid JSON" in content
    monkeypatch.setattr(order_forms, "IMPORT_MAX_ORDERS", 1)
    content = upload(admin_client, [order_data("A1"), order_data("A2")]).content.decode()
    assert "The file holds 2 orders; this page takes at most 1." in content
    monkeypatch.setattr(order_forms, "IMPORT_MAX_BYTES", 10)
    content = upload(admin_client, [order_data("A1")]).content.decode()
    assert "The file is larger than" in content
    assert not Order.objects.exists()
