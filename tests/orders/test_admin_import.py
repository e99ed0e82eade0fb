"""The import page: upload, a dry run per order in words, then "Import these orders" from the same upload."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from orders import forms as order_forms
from orders.models import ImportUpload, Order
from orders.services.import_files import csv_columns, source_from_file
from orders.services.importing import orders_import_source
from tests.orders.test_importing import csv_text, order_data

URL = reverse("admin:orders_order_import")
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def upload(client, orders, *, name="orders.json", content=None):
    content = content if content is not None else json.dumps({"orders": orders}).encode()
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def token_of(response):
    found = TOKEN.search(response.content.decode())
    return found and found[1]


def confirm(client, token):
    return client.post(URL, {"token": token, "import": "Import these orders"})


@pytest.mark.django_db
def test_the_list_links_to_the_import_page_for_those_who_may_import(admin_client, client, staff):
    assert URL in admin_client.get(reverse("admin:orders_order_changelist")).content.decode()
    assert 'enctype="multipart/form-data"' in admin_client.get(URL).content.decode()
    client.force_login(staff())
    assert URL not in client.get(reverse("admin:orders_order_changelist")).content.decode()
    assert client.get(URL).status_code == 403
    assert client.get(reverse("admin:orders_order_import_sample", args=["csv"])).status_code == 403
    assert upload(client, [order_data()]).status_code == 403
    assert not Order.objects.exists() and not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_an_upload_is_a_dry_run_in_words_and_the_button_imports_the_same_upload(client, staff):
    client.force_login(staff("import_orders"))
    bad = order_data("A2")
    bad["lines"][1]["quantity"] = 0
    odd = order_data("A3")
    odd["shipping_address"]["postcode"] = "2"
    response = upload(client, [order_data("A1"), bad, odd])
    content = response.content.decode()
    assert not Order.objects.exists()
    assert "2 to import, 0 already imported, 1 with errors, 1 with warnings. Nothing is saved yet." in content
    assert "Quantity (line 2): must be a positive whole number" in content and "lines[1]" not in content
    assert "Postcode (shipping address): 2 does not look like a postcode of DE (5 digits)" in content
    assert [status for status in re.findall(r"<td><strong>(\w+)</strong></td>", content)] == [
        "OK", "Error", "Warning"]
    token = token_of(response)
    assert token and "Import these orders" in content

    content = confirm(client, token).content.decode()
    assert set(Order.objects.values_list("number", flat=True)) == {"A1", "A3"}
    assert "2 imported, 0 already imported, 1 not imported because of errors, 1 with warnings." in content
    for order in Order.objects.all():
        assert reverse("admin:orders_order_change", args=[order.pk]) in content
        assert order.events.get().actor == "user:bob"
    assert token_of(confirm(client, token)) is None  # no second button on the result


@pytest.mark.django_db
def test_a_second_click_creates_nothing_and_links_the_orders_already_imported(admin_client):
    token = token_of(upload(admin_client, [order_data("A1"), order_data("A2")]))
    confirm(admin_client, token)
    counts = (Order.objects.count(), ImportUpload.objects.count())
    content = confirm(admin_client, token).content.decode()
    assert (Order.objects.count(), ImportUpload.objects.count()) == counts == (2, 1)
    assert "0 imported, 2 already imported" in content and content.count("already imported</td>") == 2
    for order in Order.objects.all():
        assert reverse("admin:orders_order_change", args=[order.pk]) in content


@pytest.mark.django_db
def test_an_upload_with_nothing_new_offers_no_button_and_keeps_no_file(admin_client):
    token = token_of(upload(admin_client, [order_data("A1")]))
    confirm(admin_client, token)
    ImportUpload.objects.all().delete()
    response = upload(admin_client, [order_data("A1")])
    assert "0 to import, 1 already imported" in response.content.decode()
    assert token_of(response) is None and not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_a_forged_or_expired_token_imports_nothing_and_says_to_upload_again(admin_client):
    token = token_of(upload(admin_client, [order_data("A1")]))
    assert "no longer kept" in confirm(admin_client, token + "x").content.decode()
    ImportUpload.objects.update(created_at=timezone.now() - timedelta(days=2))
    upload(admin_client, [order_data("A2")])  # a new upload clears the old ones
    assert "no longer kept" in confirm(admin_client, token).content.decode()
    assert not Order.objects.exists() and ImportUpload.objects.count() == 1


@pytest.mark.django_db
def test_a_csv_upload(admin_client):
    csv = csv_text("IC10000L10-TE-3,Liquid,2,12.50,19,120").encode()
    response = upload(admin_client, None, name="orders.csv", content=csv)
    assert "1 to import" in response.content.decode()
    confirm(admin_client, token_of(response))
    assert Order.objects.get().number == "A1001"


@pytest.mark.django_db
def test_a_broken_or_too_big_file_is_refused_with_a_message(admin_client, monkeypatch):
    content = upload(admin_client, None, content=b'{"orders": [').content.decode()
    assert "Nothing imported" in content and "not valid JSON" in content
    monkeypatch.setattr(order_forms, "IMPORT_MAX_ORDERS", 1)
    content = upload(admin_client, [order_data("A1"), order_data("A2")]).content.decode()
    assert "The file holds 2 orders; this page takes at most 1." in content
    monkeypatch.setattr(order_forms, "IMPORT_MAX_BYTES", 10)
    content = upload(admin_client, [order_data("A1")]).content.decode()
    assert "The file is larger than" in content
    assert not Order.objects.exists() and not ImportUpload.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "json"])
@pytest.mark.django_db
def test_the_sample_files_hold_two_clean_orders_in_the_parsers_own_columns(admin_client, kind):
    url = reverse("admin:orders_order_import_sample", args=[kind])
    assert url in admin_client.get(URL).content.decode()
    response = admin_client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="orders-sample.{kind}"'
    if kind == "csv":
        header = response.content.decode("utf-8-sig").splitlines()[0]
        assert header.split(";") == csv_columns()
    source = source_from_file(name=f"sample.{kind}", content=response.content)
    report = orders_import_source(source=source, actor="test", dry_run=True)
    assert [(r.outcome, r.problems, r.warnings) for r in report.results] == [("created", (), ())] * 2
