"""CLP_INFOS, the hazard labelling of the catalogue: parsed from both APIs, stored as sent, shown in words."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from backoffice.partner_http import session_for
from backoffice.safexml import parse_xml
from suppliers.innocigs.parse import element_to_dict, parse_product
from suppliers.models import Product

NICOTINE = "12M100L10-BN-20"  # a nicotine liquid of the sandbox's documented examples
SHORTFILL = "12M100L10-BG-0"  # the reference's example product, whose CLP_INFOS are all null


def test_the_references_empty_and_null_clp_blocks_mean_no_labelling():
    # "Produkte und EANS abfragen" (REST): "CLP_INFOS": {}; "Erweiterte Produktabfrage": both keys null.
    assert parse_product({"MODEL": "A", "CLP_INFOS": {}}).clp_infos == ()
    assert parse_product({"MODEL": "A", "CLP_INFOS": {"MSDS_CODES": None, "MSDS_GHS_SYMBOL": None}}).clp_infos == ()
    assert parse_product({"MODEL": "A"}).clp_infos is None  # not carried at all: nothing to say


def test_filled_clp_infos_are_kept_as_sent_in_the_feeds_order():
    item = {"MODEL": "A", "CLP_INFOS": {"MSDS_GHS_SYMBOL": " GHS06, GHS09 ", "MSDS_CODES": "H301, H311",
                                        "EUH208_CONTENT": None, "NEW_KEY": "Achtung"}}
    assert parse_product(item).clp_infos == (("MSDS_GHS_SYMBOL", "GHS06, GHS09"), ("MSDS_CODES", "H301, H311"),
                                             ("NEW_KEY", "Achtung"))


def test_the_xml_shape_reads_the_same():
    root = parse_xml(b"<PRODUCT><MODEL>A</MODEL><CLP_INFOS><MSDS_CODES>H301</MSDS_CODES><MSDS_GHS_SYMBOL/>"
                     b"</CLP_INFOS></PRODUCT>")
    assert parse_product(element_to_dict(root)).clp_infos == (("MSDS_CODES", "H301"),)
    empty = parse_xml(b"<PRODUCT><MODEL>A</MODEL><CLP_INFOS/></PRODUCT>")
    assert parse_product(element_to_dict(empty)).clp_infos == ()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("api", ["rest", "xml"])
def test_the_sandbox_catalogue_brings_clp_infos_onto_the_product(sandbox, settings, api):
    settings.INNOCIGS_API = api
    settings.SANDBOX_CATALOGUE_SIZE = 12
    try:
        call_command("sync_products", stdout=StringIO(), stderr=StringIO())
    finally:
        session_for("innocigs").close()
    assert Product.objects.get(model=NICOTINE).clp_infos == [["MSDS_CODES", "H301, H311, H411"],
                                                            ["MSDS_GHS_SYMBOL", "GHS06, GHS09"]]
    assert Product.objects.get(model=SHORTFILL).clp_infos == []


@pytest.mark.django_db
def test_a_sync_without_the_block_keeps_the_labelling_and_one_with_an_empty_block_clears_it():
    from suppliers.services.products import products_apply

    Product.objects.create(model="A", clp_infos=[["MSDS_CODES", "H301"]])
    products_apply(products=[parse_product({"MODEL": "A", "NAME": "x"})])
    assert Product.objects.get(model="A").clp_infos == [["MSDS_CODES", "H301"]]
    products_apply(products=[parse_product({"MODEL": "A", "NAME": "x", "CLP_INFOS": {"MSDS_CODES": None}})])
    assert Product.objects.get(model="A").clp_infos == []


@pytest.mark.django_db
def test_the_product_page_shows_the_labelling_in_words(admin_client):
    labelled = Product.objects.create(model="L-1", clp_infos=[["MSDS_CODES", "H301, H311"],
                                                              ["MSDS_GHS_SYMBOL", "GHS06"],
                                                              ["EUH208_CONTENT", "Enthält Menthol."]])
    page = admin_client.get(reverse("admin:suppliers_product_change", args=[labelled.pk])).content.decode()
    assert "Hazard labelling (CLP)" in page
    for words, value in (("Hazard codes (safety data sheet)", "H301, H311"), ("GHS pictograms", "GHS06"),
                         ("Allergy notice (EUH208): contains", "Enthält Menthol.")):
        assert f"<td>{words}</td><td>{value}</td>" in page
    assert "MSDS_CODES" not in page

    bare = Product.objects.create(model="B-1")
    page = admin_client.get(reverse("admin:suppliers_product_change", args=[bare.pk])).content.decode()
    assert "InnoCigs sent no hazard labelling for B-1" in page and "safety data sheet" in page
